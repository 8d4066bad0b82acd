// Refuses every request but /health without the agent credential (static token or registration credential).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AgentContext } from './agent-context.js';
import { agentErrors } from './agent-errors.js';

const OPEN_ROUTES = new Set(['/health']);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Which credentials are valid right now (the registration credential can arrive later). */
export function acceptedCredentials(ctx: AgentContext): string[] {
  return [ctx.config.token, ctx.credential.value].filter(
    (t): t is string => typeof t === 'string' && t !== '',
  );
}

export function registerAuth(app: FastifyInstance, ctx: AgentContext): void {
  app.addHook('onRequest', async (request) => {
    if (OPEN_ROUTES.has(request.url.split('?')[0] ?? '')) return;
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    // With no credential configured at all the agent refuses everything rather than serving openly.
    if (!token || !acceptedCredentials(ctx).some((c) => sameSecret(token, c)))
      throw agentErrors.UNAUTHORIZED();
  });
}
