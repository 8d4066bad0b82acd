// The audit log: one row per mutating call and per login attempt; read back with filters and paging.
import type { Db } from '../db/database.js';
import type { AuditRow, NewAudit } from '../db/schema.js';

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  result?: 'ok' | 'error';
  since?: string;
  until?: string;
  /** Rows with an id below this one (the previous page's next_cursor). */
  cursor?: string;
  limit?: number;
}

export function createAuditRepository(db: Db) {
  return {
    async insert(entry: NewAudit): Promise<void> {
      await db.insertInto('audit_log').values(entry).execute();
    },
    /** Newest first. */
    async list(filter: AuditFilter): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
      const limit = filter.limit ?? 100;
      let query = db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (filter.actor) query = query.where('actor', '=', filter.actor);
      if (filter.action)
        query = query.where('action', 'like', `%${filter.action.replace(/[%_\\]/g, '\\$&')}%`);
      if (filter.target) query = query.where('target', '=', filter.target);
      if (filter.result) query = query.where('result', '=', filter.result);
      if (filter.since) query = query.where('ts', '>=', new Date(filter.since));
      if (filter.until) query = query.where('ts', '<', new Date(filter.until));
      if (filter.cursor) query = query.where('id', '<', Number(filter.cursor) as never);
      const rows = await query.execute();
      if (rows.length <= limit) return { rows, nextCursor: null };
      const page = rows.slice(0, limit);
      return { rows: page, nextCursor: String((page[page.length - 1] as AuditRow).id) };
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
