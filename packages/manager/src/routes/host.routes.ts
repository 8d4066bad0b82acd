// Hosts for admins, plus the agent-facing routes: register, heartbeat, image content.
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.js';
import { idParams, item, items, okResponse, responses } from '../schemas/common.schema.js';
import { heartbeatBody, host, registerAgentBody } from '../schemas/resource.schema.js';
import type { HeartbeatInput, RegisterInput } from '../services/host.service.js';
import type { Services } from '../services/services.js';

type Id = { Params: { id: string } };

export function hostRoutes(app: FastifyInstance, s: Services): void {
  const tags = ['hosts'];
  app.get(
    '/v1/hosts',
    { schema: { tags, summary: 'List hosts', response: responses(items(host)) } },
    async () => ({
      items: await s.hosts.list(),
    }),
  );
  app.get<Id>(
    '/v1/hosts/:id',
    { schema: { tags, summary: 'Get a host', params: idParams, response: responses(item(host), 404) } },
    async (req) => ({ item: await s.hosts.get(req.params.id) }),
  );

  const agentTags = ['agent'];
  app.post<{ Body: RegisterInput }>(
    '/v1/agent/register',
    {
      schema: {
        tags: agentTags,
        summary: 'Register an agent with the join token; returns its credential',
        security: [],
        body: registerAgentBody,
        response: responses({
          type: 'object',
          required: ['host_id', 'credential'],
          properties: {
            host_id: { type: 'string' },
            credential: { type: 'string' },
            // With MANAGER_AGENT_TLS=1: the agent's certificate and the CA the manager verifies it against.
            tls: {
              type: 'object',
              required: ['cert', 'ca'],
              properties: { cert: { type: 'string' }, ca: { type: 'string' } },
            },
          },
        }),
      },
    },
    async (req) => s.hosts.register(req.body),
  );
  app.post<{ Body: HeartbeatInput }>(
    '/v1/agent/heartbeat',
    {
      schema: {
        tags: agentTags,
        summary: 'Agent heartbeat (agent credential)',
        body: heartbeatBody,
        response: responses(okResponse),
      },
    },
    async (req) => {
      if (req.principal.kind !== 'agent') throw errors.AGENT_UNAUTHORIZED();
      await s.hosts.heartbeat(req.principal.host, req.body);
      return { ok: true };
    },
  );
  app.get<Id>(
    '/v1/agent/images/:id/content',
    {
      schema: {
        tags: agentTags,
        summary: 'Image bytes for an agent cache (agent credential)',
        params: idParams,
      },
    },
    async (req, reply) => {
      const { image, stream } = await s.images.content(req.params.id);
      reply.header('content-type', 'application/octet-stream');
      reply.header('content-length', String(image.size));
      if (image.sha256) reply.header('x-sha256', image.sha256);
      return reply.send(stream);
    },
  );
}
