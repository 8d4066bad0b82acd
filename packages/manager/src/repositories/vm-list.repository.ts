// What the cached VM list reads: the whole list, or only the rows stamped since the cached copy
// (migration 20260201000000), each time with the counter and the listed count from the same snapshot.
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { VmWithHost } from './vm.repository.js';

export interface VmListDelta {
  /** The list counter in the snapshot the rows come from. */
  version: string;
  /** true: `rows` is the whole list in order (no cached copy, or a host's address changed since). */
  complete: boolean;
  /** complete: every listed VM; else every row stamped after `since`, those being deleted included. */
  rows: VmWithHost[];
  /** How many VMs the list holds (being deleted aside). */
  listed: number;
  /** Listed ids in list order, when `needsOrder` asked for them (a VM came or went). */
  order?: string[];
}

interface Head {
  version: string;
  hosts_version: string;
  listed: number;
}

export function createVmListRepository(db: Db) {
  const withHost = (q: Db) =>
    q
      .selectFrom('vms')
      .leftJoin('hosts', 'hosts.id', 'vms.host_id')
      .selectAll('vms')
      .select('hosts.addr as host_addr');

  return {
    /** The change counter alone: one tiny query to prove a cached list current. */
    async version(): Promise<string> {
      const { rows } = await sql<{ v: string }>`select version::text as v from vm_list_version`.execute(db);
      return (rows[0] as { v: string }).v;
    },

    /**
     * One repeatable-read snapshot, so counter, rows, count and order agree: stamps are handed out in
     * commit order, hence every row stamped at or below the counter read here is in this snapshot.
     */
    async delta(
      since: string | undefined,
      needsOrder: (rows: VmWithHost[], listed: number) => boolean,
    ): Promise<VmListDelta> {
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const { rows: heads } = await sql<Head>`select version::text as version,
              hosts_version::text as hosts_version,
              (select count(*) from vms where state <> 'deleting')::int as listed
            from vm_list_version`.execute(trx);
          const head = heads[0] as Head;
          const complete = since === undefined || BigInt(head.hosts_version) > BigInt(since);
          if (complete) {
            const rows = await withHost(trx)
              .where('vms.state', '!=', 'deleting')
              .orderBy('vms.created_at')
              .orderBy('vms.id')
              .execute();
            return { version: head.version, complete, rows, listed: head.listed };
          }
          const rows = await withHost(trx).where(sql<boolean>`vms.list_version > ${since}::bigint`).execute();
          if (!needsOrder(rows, head.listed))
            return { version: head.version, complete, rows, listed: head.listed };
          const ids = await trx
            .selectFrom('vms')
            .select('id')
            .where('state', '!=', 'deleting')
            .orderBy('created_at')
            .orderBy('id')
            .execute();
          return { version: head.version, complete, rows, listed: head.listed, order: ids.map((r) => r.id) };
        });
    },
  };
}

export type VmListRepository = ReturnType<typeof createVmListRepository>;
