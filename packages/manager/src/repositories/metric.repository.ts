// Per-VM metric samples with a retention window.
import type { Db } from '../db/database.js';
import { json } from '../db/database.js';
import type { MetricSampleRow } from '../db/schema.js';

export interface NewSample {
  vm_id: string;
  ts: Date;
  cpu_pct: number | null;
  rss_bytes: number | null;
  data: Record<string, unknown>;
}

export function createMetricRepository(db: Db) {
  return {
    async insert(sample: NewSample): Promise<void> {
      await db
        .insertInto('metric_samples')
        .values({ ...sample, data: json(sample.data) })
        .execute();
    },
    async list(vmId: string, options: { since?: Date; limit: number }): Promise<MetricSampleRow[]> {
      let query = db.selectFrom('metric_samples').selectAll().where('vm_id', '=', vmId);
      if (options.since) query = query.where('ts', '>=', options.since);
      const rows = await query.orderBy('ts', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
      return rows.reverse();
    },
    async deleteOlderThan(cutoff: Date): Promise<number> {
      const result = await db.deleteFrom('metric_samples').where('ts', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type MetricRepository = ReturnType<typeof createMetricRepository>;
