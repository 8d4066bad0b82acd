// Writes one audit row for every mutating /v1 call (logins included): who, what, on what, how it ended, from where.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditService } from '../services/audit.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The id a create answered with, when the route has no :id of its own. */
    auditTarget?: string;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Heartbeats come every few seconds from every agent: noise, not decisions. */
const NOT_AUDITED = new Set(['/v1/agent/heartbeat']);

function targetOf(request: FastifyRequest): string | null {
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  const sub = params.drive_id ?? params.nic_id;
  if (params.id) return sub ? `${params.id}/${sub}` : params.id;
  if (request.auditTarget) return request.auditTarget;
  const body = request.body as { username?: unknown } | undefined;
  // A login's target is the account tried, so failed attempts on one account are easy to find.
  if (request.routeOptions.url === '/v1/auth/login' && typeof body?.username === 'string') {
    return body.username.slice(0, 64);
  }
  return null;
}

function idIn(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as { id?: unknown; item?: { id?: unknown } };
  const id = p.id ?? p.item?.id;
  return typeof id === 'string' ? id : undefined;
}

export function registerAudit(app: FastifyInstance, audit: AuditService): void {
  app.addHook('preSerialization', async (request, _reply, payload) => {
    if (MUTATING.has(request.method)) request.auditTarget = idIn(payload);
    return payload;
  });

  // onSend, not onResponse: the row exists by the time the caller has the answer.
  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?')[0] ?? '';
    if (!MUTATING.has(request.method) || !path.startsWith('/v1/') || NOT_AUDITED.has(path)) return payload;
    const p = request.principal;
    const status = reply.statusCode;
    let errorCode: string | null = null;
    if (status >= 400 && typeof payload === 'string') {
      try {
        errorCode = (JSON.parse(payload) as { code?: string }).code ?? null;
      } catch {
        errorCode = null;
      }
    }
    try {
      await audit.record({
        actor: p?.kind === 'user' ? p.actor : p?.kind === 'agent' ? `agent:${p.host.id}` : null,
        user_id: p?.kind === 'user' ? p.userId : null,
        token_id: p?.kind === 'user' ? p.tokenId : null,
        role: p?.kind === 'user' ? p.role : null,
        action: `${request.method} ${request.routeOptions.url ?? path}`.slice(0, 256),
        target: targetOf(request),
        status,
        result: status < 400 ? 'ok' : 'error',
        error_code: errorCode,
        client_addr: request.ip ?? null,
      });
    } catch (err) {
      // The call itself already happened; a lost audit row is logged loudly rather than failing it.
      request.log.error({ err }, 'audit log write failed');
    }
    return payload;
  });
}
