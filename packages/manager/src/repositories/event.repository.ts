// The event log: state changes, kept for audit and replayed to late SSE subscribers.
import type { Db } from '../db/database.js';
import { json } from '../db/database.js';
import type { EventRow } from '../db/schema.js';

export interface NewEvent {
  kind: string;
  resource_type: string;
  resource_id: string;
  data: Record<string, unknown>;
}

export function createEventRepository(db: Db) {
  return {
    async insert(event: NewEvent): Promise<EventRow> {
      return db
        .insertInto('events')
        .values({ ...event, data: json(event.data) })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async listAfter(afterId: number, limit = 500): Promise<EventRow[]> {
      return db
        .selectFrom('events')
        .selectAll()
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
    },
  };
}

export type EventRepository = ReturnType<typeof createEventRepository>;
