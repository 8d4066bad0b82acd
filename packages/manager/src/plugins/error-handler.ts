// The single error handler: every failure, ours or Fastify's, leaves as {error, suggestion, fault_message}.
// Only admins read host paths in it (path-redaction.ts).
import { CodedError } from '@nqvm/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors.js';
import { fieldError, type ValidationIssue } from '../schemas/field-errors.js';
import { mayNotSeePaths, scrubPaths } from './path-redaction.js';

function describe(issue: ValidationIssue, context: string): string {
  const where = `${context}${issue.instancePath}`;
  const extra = issue.params?.additionalProperty ? ` '${issue.params.additionalProperty}'` : '';
  return `${where} ${issue.message ?? 'is invalid'}${extra}`.trim();
}

/** The route's schema and the data of the part that failed validation (body, querystring, params). */
function validatedPart(request: FastifyRequest | undefined, context: string) {
  const schemas = request?.routeOptions.schema as Record<string, unknown> | undefined;
  const key = context === 'querystring' ? 'query' : context;
  const data = request ? (request as unknown as Record<string, unknown>)[key] : undefined;
  return { schema: schemas?.[context], data };
}

/** Fastify's own errors (validation, bad JSON, media type, body size) mapped onto registry codes. */
export function toCodedError(err: FastifyError, request?: FastifyRequest): CodedError {
  if (err instanceof CodedError) return err;
  if (err.validation) {
    const issues = err.validation as ValidationIssue[];
    const context = err.validationContext ?? 'body';
    const detail = `Validation failed: ${issues.map((i) => describe(i, context)).join('; ')}`;
    const part = validatedPart(request, context);
    // A bad name says whose name it is; a refused value says what to use instead.
    return fieldError(issues, part.schema, part.data, detail) ?? errors.VALIDATION({}, detail);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.PAYLOAD_TOO_LARGE({}, err.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.UNSUPPORTED_MEDIA_TYPE({}, err.message);
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new CodedError(
      'MVM_ERR_VALIDATION',
      status,
      'Invalid request',
      'Check the request body and headers',
      err.message,
    );
  }
  return errors.INTERNAL({}, err.message);
}

export function errorBody(coded: CodedError) {
  return {
    error: coded.message,
    ...(coded.suggestion ? { suggestion: coded.suggestion } : {}),
    fault_message: coded.detail ?? coded.message,
    code: coded.code,
  };
}

function scrubbed(coded: CodedError): CodedError {
  return new CodedError(
    coded.code,
    coded.status,
    scrubPaths(coded.message),
    coded.suggestion === undefined ? undefined : scrubPaths(coded.suggestion),
    coded.detail === undefined ? undefined : scrubPaths(coded.detail),
  );
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let coded = toCodedError(err, request);
    if (mayNotSeePaths(request)) coded = scrubbed(coded);
    if (coded.status >= 500 && coded.code === 'MVM_ERR_INTERNAL')
      request.log.error({ err }, 'unhandled error');
    else request.log.info({ code: coded.code, status: coded.status }, coded.detail ?? coded.message);
    return reply.status(coded.status).send(errorBody(coded));
  });

  app.setNotFoundHandler((request, reply) => {
    const coded = errors.ROUTE_NOT_FOUND({ method: request.method, url: request.url.split('?')[0] ?? '' });
    return reply.status(404).send(errorBody(coded));
  });
}
