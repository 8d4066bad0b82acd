// Authentication for /v1: the admin bearer token, or an agent's credential on /v1/agent routes.
// Kept in one place so users, roles and API tokens can grow here later.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HostRow } from '../db/schema.js';
import { errors } from '../errors.js';
import { sameToken } from '../services/tokens.js';

export type Principal = { kind: 'admin' } | { kind: 'agent'; host: HostRow } | { kind: 'anonymous' };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export interface AuthOptions {
  adminToken: string;
  authenticateAgent(credential: string): Promise<HostRow | undefined>;
}

/** Routes anyone may call: the spec document and agent registration (which checks a join token). */
const PUBLIC = new Set(['/v1/openapi.json', '/v1/agent/register']);

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  // Browsers cannot set headers on a WebSocket or EventSource, so those two accept ?token=.
  const path = request.url.split('?')[0] ?? '';
  if (path.endsWith('/shell/ws') || path === '/v1/events') {
    const token = new URL(request.url, 'http://x').searchParams.get('token');
    if (token) return token;
  }
  return undefined;
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  app.decorateRequest('principal', null as unknown as { kind: 'anonymous' });
  app.addHook('onRequest', async (request) => {
    request.principal = { kind: 'anonymous' };
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/v1/') || PUBLIC.has(path)) return;
    const token = bearer(request);
    if (path.startsWith('/v1/agent/')) {
      const host = token ? await options.authenticateAgent(token) : undefined;
      if (!host) throw errors.AGENT_UNAUTHORIZED();
      request.principal = { kind: 'agent', host };
      return;
    }
    if (!token || !sameToken(token, options.adminToken)) throw errors.UNAUTHORIZED();
    request.principal = { kind: 'admin' };
  });
}
