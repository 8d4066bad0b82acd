// One mapping from anything thrown to the contract's error JSON `{error, code, suggestion?, fault_message?}`.
import { CodedError } from '@nqvm/core';
import { FirecrackerApiError } from '@nqvm/fc-api';
import type { FastifyError, FastifyInstance } from 'fastify';
import { agentErrors } from './agent-errors.js';

export function toCodedError(err: unknown): CodedError {
  if (err instanceof CodedError) return err;
  if (err instanceof FirecrackerApiError) {
    const params = { method: err.method, path: err.path, status: err.status };
    return err.status < 500
      ? agentErrors.VMM_REFUSED(params, err.faultMessage)
      : agentErrors.VMM_API(params, err.faultMessage);
  }
  const fe = err as FastifyError;
  if (fe.validation || (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500)) {
    const coded = agentErrors.VALIDATION({ detail: fe.message });
    return new CodedError(coded.code, fe.statusCode ?? 400, coded.message, coded.suggestion);
  }
  return agentErrors.INTERNAL({ detail: (err as Error)?.message ?? String(err) });
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const coded = toCodedError(err);
    if (coded.status >= 500) request.log.error({ err }, coded.message);
    return reply.status(coded.status).send({
      error: coded.message,
      code: coded.code,
      ...(coded.suggestion ? { suggestion: coded.suggestion } : {}),
      ...(coded.detail ? { fault_message: coded.detail } : {}),
    });
  });
  app.setNotFoundHandler((request, reply) => {
    const err = agentErrors.ROUTE_NOT_FOUND({ method: request.method, url: request.url.split('?')[0] ?? '' });
    return reply.status(404).send({ error: err.message, code: err.code, suggestion: err.suggestion });
  });
}
