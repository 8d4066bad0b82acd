// /v1/logs/tail: a VM's console or VMM log, read through its agent.
import type { FastifyInstance } from 'fastify';
import { responses } from '../schemas/common.schema.js';
import { logTailQuery } from '../schemas/resource.schema.js';
import type { TailInput } from '../services/log.service.js';
import type { Services } from '../services/services.js';

export function logRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: TailInput }>(
    '/v1/logs/tail',
    {
      schema: {
        tags: ['logs'],
        summary: "Tail a VM's log (vm_id, or the path recorded as the VM's log_path)",
        querystring: logTailQuery,
        response: responses(
          { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
          404,
          502,
        ),
      },
    },
    async (req) => s.logs.tail(req.query),
  );
}
