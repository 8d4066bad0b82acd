// Identity, inventory and metrics routes: /health, /v1/info, /v1/vms, /metrics, /v1/openapi.json.
import type { FastifyInstance } from 'fastify';
import type { AgentServices } from './agent-services.js';
import { agentVmSchema } from './schemas.js';

export function registerHostRoutes(app: FastifyInstance, s: AgentServices): void {
  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/v1/info', { schema: { summary: 'Host identity, capacity and usage', tags: ['host'] } }, () =>
    s.info(),
  );
  app.get(
    '/v1/vms',
    {
      schema: {
        summary: 'Every VM on this host with its observed state',
        tags: ['vms'],
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: agentVmSchema } } } },
      },
    },
    async () => ({ items: await s.vms.list() }),
  );
  app.get('/metrics', { schema: { summary: 'Prometheus text', tags: ['host'] } }, async (_req, reply) =>
    reply.type(s.prometheus.contentType).send(await s.prometheus.render()),
  );
}
