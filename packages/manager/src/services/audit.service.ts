// The audit log as the API shows it; entries are written by plugins/audit.plugin.ts.
import type { AuditRow, NewAudit } from '../db/schema.js';
import type { AuditFilter } from '../repositories/audit.repository.js';
import type { Repositories } from './context.js';

const toEntry = (r: AuditRow) => ({ ...r, id: Number(r.id), ts: r.ts.toISOString() });

export function createAuditService(repos: Repositories) {
  return {
    record: (entry: NewAudit) => repos.audit.insert(entry),
    async list(filter: AuditFilter) {
      const { rows, nextCursor } = await repos.audit.list(filter);
      return { items: rows.map(toEntry), next_cursor: nextCursor };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
