// In-process pub/sub of state changes, persisted to the events table first.
import { EventEmitter } from 'node:events';
import { iso } from '../db/database.js';
import type { EventRepository, NewEvent } from '../repositories/event.repository.js';

export interface ManagerEvent {
  id: number;
  ts: string;
  kind: string;
  resource_type: string;
  resource_id: string;
  data: Record<string, unknown>;
}

export function createEventBus(events: EventRepository) {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(event: NewEvent): Promise<ManagerEvent> {
      const row = await events.insert(event);
      const out: ManagerEvent = {
        id: Number(row.id),
        ts: iso(row.ts) as string,
        kind: row.kind,
        resource_type: row.resource_type,
        resource_id: row.resource_id,
        data: row.data,
      };
      emitter.emit('event', out);
      return out;
    },
    subscribe(listener: (event: ManagerEvent) => void): () => void {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    async since(afterId: number): Promise<ManagerEvent[]> {
      const rows = await events.listAfter(afterId);
      return rows.map((row) => ({
        id: Number(row.id),
        ts: iso(row.ts) as string,
        kind: row.kind,
        resource_type: row.resource_type,
        resource_id: row.resource_id,
        data: row.data,
      }));
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;
