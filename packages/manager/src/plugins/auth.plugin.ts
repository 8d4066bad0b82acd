// Authentication and authorisation for every route, from the access table in routes/access.table.ts:
// who is calling (token, session, ticket, agent credential), whether their role suffices, their rate budget.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HostRow } from '../db/schema.js';
import { errors } from '../errors.js';
import { type Access, accessFor, type RoleAccess } from '../routes/access.table.js';
import type { AuthService, UserPrincipal } from '../services/auth.service.js';
import type { RateLimiter } from '../services/rate-limiter.js';
import { atLeast } from '../services/roles.js';
import type { TicketService } from '../services/ticket.service.js';

export type Principal = UserPrincipal | { kind: 'agent'; host: HostRow } | { kind: 'anonymous' };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export interface AuthOptions {
  auth: AuthService;
  tickets: TicketService;
  limiter: RateLimiter;
  authenticateAgent(credential: string): Promise<HostRow | undefined>;
}

const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? '';

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

function queryParam(request: FastifyRequest, name: string): string | undefined {
  if (!request.url.includes('?')) return undefined;
  return new URL(request.url, 'http://x').searchParams.get(name) ?? undefined;
}

/** The caller behind the header, or on WebSocket/SSE routes a single-use ticket (or the deprecated ?token=). */
async function authenticate(
  request: FastifyRequest,
  access: Access | undefined,
  options: AuthOptions,
): Promise<UserPrincipal> {
  const header = bearer(request);
  if (header) {
    const principal = await options.auth.authenticate(header);
    if (!principal) throw errors.UNAUTHORIZED();
    return principal;
  }
  if (access && 'ticket' in access && access.ticket) {
    const ticket = queryParam(request, 'ticket');
    if (ticket) {
      const principal = options.tickets.redeem(ticket);
      if (!principal) throw errors.TICKET_INVALID();
      return principal;
    }
    // Deprecated: a token in a URL ends up in proxy and browser logs. Kept until the web UI uses tickets.
    const token = queryParam(request, 'token');
    if (token) {
      const principal = await options.auth.authenticate(token);
      if (!principal) throw errors.UNAUTHORIZED();
      request.log.warn({ deprecated: '?token=' }, '?token= is deprecated: use POST /v1/tickets and ?ticket=');
      return principal;
    }
  }
  throw errors.UNAUTHORIZED();
}

function takeRate(reply: FastifyReply, access: Access, caller: string, options: AuthOptions): void {
  if (!('rate' in access) || !access.rate) return;
  const decision = options.limiter.take(access.rate, caller);
  if (decision.allowed) return;
  reply.header('retry-after', String(decision.retryAfterSeconds));
  throw errors.RATE_LIMITED({ class: access.rate, retry_after: decision.retryAfterSeconds });
}

function fieldSet(source: unknown, dotted: string): boolean {
  let value: unknown = source;
  for (const key of dotted.split('.')) {
    if (typeof value !== 'object' || value === null) return false;
    value = (value as Record<string, unknown>)[key];
  }
  return value !== undefined && value !== null;
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  app.decorateRequest('principal', null as unknown as { kind: 'anonymous' });

  app.addHook('onRequest', async (request, reply) => {
    request.principal = { kind: 'anonymous' };
    const url = request.routeOptions.url;
    if (url === undefined) {
      // Unknown /v1 paths answer 404 only to callers who may see the API at all.
      if (pathOf(request).startsWith('/v1/'))
        request.principal = await authenticate(request, undefined, options);
      return;
    }
    const access = accessFor(request.method, url);
    if (!access) {
      throw errors.FORBIDDEN(
        { role: 'any', needed: 'a listed' },
        `no access rule for ${request.method} ${url}`,
      );
    }
    if (access.role === 'public') {
      takeRate(reply, access, request.ip, options);
      return;
    }
    if (access.role === 'agent') {
      const credential = bearer(request);
      const host = credential ? await options.authenticateAgent(credential) : undefined;
      if (!host) throw errors.AGENT_UNAUTHORIZED();
      request.principal = { kind: 'agent', host };
      return;
    }
    const principal = await authenticate(request, access, options);
    request.principal = principal;
    if (!atLeast(principal.role, access.role)) {
      throw errors.FORBIDDEN({ role: principal.role, needed: access.role });
    }
    takeRate(reply, access, principal.tokenId ?? principal.actor, options);
  });

  // Raw host paths: checked once the body is parsed, before the handler sees it.
  app.addHook('preValidation', async (request) => {
    const url = request.routeOptions.url;
    const access = url === undefined ? undefined : (accessFor(request.method, url) as RoleAccess | undefined);
    const p = request.principal;
    if (!access?.adminFields || p.kind !== 'user' || p.role === 'admin') return;
    for (const field of access.adminFields) {
      if (fieldSet(request.body, field) || fieldSet(request.query, field)) {
        throw errors.FORBIDDEN(
          { role: p.role, needed: 'admin' },
          `'${field}' is a raw host path: admin only`,
        );
      }
    }
  });
}

/** The caller as a UserPrincipal, for handlers of routes the table gives a role. */
export function userOf(request: FastifyRequest): UserPrincipal {
  if (request.principal.kind !== 'user') throw errors.UNAUTHORIZED();
  return request.principal;
}
