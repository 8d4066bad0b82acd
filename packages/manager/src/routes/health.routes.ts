// /health for load balancers: the process is up and the database answers.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export function healthRoutes(app: FastifyInstance, db: Db): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        security: [],
        response: {
          200: { type: 'object', properties: { ok: { type: 'boolean' }, db: { type: 'string' } } },
        },
      },
    },
    async () => {
      await sql`select 1`.execute(db);
      return { ok: true, db: 'up' };
    },
  );
}
