// /v1/events: server-sent events of state changes; Last-Event-ID replays what was missed.
import type { FastifyInstance } from 'fastify';
import { mayNotSeePaths, redactPaths } from '../plugins/path-redaction.js';
import type { ManagerEvent } from '../services/event-bus.js';
import type { Services } from '../services/services.js';

const KEEPALIVE_MS = 15_000;

export function eventRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: { after?: number } }>(
    '/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Server-sent events (text/event-stream) of VM, image, snapshot and host changes',
        querystring: {
          type: 'object',
          properties: {
            after: { type: 'integer', minimum: 0 },
            ticket: { type: 'string' },
            token: { type: 'string', description: 'deprecated: use ticket' },
          },
        },
      },
    },
    async (req, reply) => {
      const header = req.headers['last-event-id'];
      const after =
        req.query.after ?? (typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      // The stream bypasses serialization hooks: hide host paths (e.g. in an import's error) here.
      const redact = mayNotSeePaths(req);
      const write = (e: ManagerEvent) =>
        res.write(`id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(redact ? redactPaths(e) : e)}\n\n`);
      // Subscribe before replaying so nothing published in between is lost; ids drop duplicates.
      let last = after ?? 0;
      const pending: ManagerEvent[] = [];
      let replaying = after !== undefined;
      const unsubscribe = s.bus.subscribe((e) => {
        if (replaying) pending.push(e);
        else if (e.id > last) {
          last = e.id;
          write(e);
        }
      });
      res.write(': connected\n\n');
      if (after !== undefined) {
        for (const e of [...(await s.bus.since(after)), ...pending]) {
          if (e.id > last) {
            last = e.id;
            write(e);
          }
        }
        replaying = false;
      }
      const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
      req.raw.on('close', () => {
        clearInterval(keepalive);
        unsubscribe();
      });
    },
  );
}
