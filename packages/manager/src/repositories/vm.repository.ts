// VM rows: desired and last observed state of every VM.
import type { Db } from '../db/database.js';
import type { NewDrive, NewNic, NewVm, VmRow, VmUpdate } from '../db/schema.js';

export interface VmPage<R = VmRow> {
  rows: R[];
  nextCursor: string | null;
}

export type VmStateRow = Pick<VmRow, 'id' | 'state' | 'desired_state' | 'error'>;

/** A VM with its host's address, read in the same query (one round trip per API read). */
export type VmWithHost = VmRow & { host_addr: string | null };

export function createVmRepository(db: Db) {
  return {
    async insert(vm: NewVm): Promise<VmRow> {
      return db.insertInto('vms').values(vm).returningAll().executeTakeFirstOrThrow();
    },

    /**
     * A new VM with its root drive and first NIC in one statement (data-modifying CTEs): one round
     * trip instead of three on every create, and all three rows or none.
     */
    async insertWithDevices(vm: NewVm, devices: { drive: NewDrive; nic: NewNic }): Promise<VmRow> {
      return db
        .with('new_vm', (q) => q.insertInto('vms').values(vm).returningAll())
        .with('new_drive', (q) => q.insertInto('drives').values(devices.drive).returning('id'))
        .with('new_nic', (q) => q.insertInto('nics').values(devices.nic).returning('id'))
        .selectFrom('new_vm')
        .selectAll()
        .executeTakeFirstOrThrow();
    },

    async get(id: string): Promise<VmRow | undefined> {
      return db.selectFrom('vms').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** What GET /v1/vms/{id} shows: the row and its host's address, in one query. */
    async getWithHost(id: string): Promise<VmWithHost | undefined> {
      return db
        .selectFrom('vms')
        .leftJoin('hosts', 'hosts.id', 'vms.host_id')
        .selectAll('vms')
        .select('hosts.addr as host_addr')
        .where('vms.id', '=', id)
        .executeTakeFirst();
    },

    /**
     * What GET /v1/vms shows, oldest first, in one query: VMs being deleted are left out, each row
     * carries its host's address. A cursor is the last row's (created_at, id): pages never skip or repeat.
     */
    async listWithHost(options: { limit?: number; cursor?: string } = {}): Promise<VmPage<VmWithHost>> {
      let query = db
        .selectFrom('vms')
        .leftJoin('hosts', 'hosts.id', 'vms.host_id')
        .selectAll('vms')
        .select('hosts.addr as host_addr')
        .where('vms.state', '!=', 'deleting')
        .orderBy('vms.created_at')
        .orderBy('vms.id');
      const after = options.cursor ? decodeCursor(options.cursor) : undefined;
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb('vms.created_at', '>', after.createdAt),
            eb.and([eb('vms.created_at', '=', after.createdAt), eb('vms.id', '>', after.id)]),
          ]),
        );
      }
      if (options.limit) query = query.limit(options.limit + 1);
      return page(await query.execute(), options.limit);
    },

    async getByName(name: string): Promise<VmRow | undefined> {
      return db.selectFrom('vms').selectAll().where('name', '=', name).executeTakeFirst();
    },

    /** Oldest first; a cursor is the last row's (created_at, id) so pages never skip or repeat. */
    async list(options: { limit?: number; cursor?: string } = {}): Promise<VmPage> {
      let query = db.selectFrom('vms').selectAll().orderBy('created_at').orderBy('id');
      const after = options.cursor ? decodeCursor(options.cursor) : undefined;
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '>', after.createdAt),
            eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)]),
          ]),
        );
      }
      if (options.limit) query = query.limit(options.limit + 1);
      return page(await query.execute(), options.limit);
    },

    async listByHost(hostId: string): Promise<VmRow[]> {
      return db.selectFrom('vms').selectAll().where('host_id', '=', hostId).orderBy('id').execute();
    },

    /** The columns a reconcile pass compares, for every VM of a host: most passes need nothing more. */
    async listStatesByHost(hostId: string): Promise<VmStateRow[]> {
      return db
        .selectFrom('vms')
        .select(['id', 'state', 'desired_state', 'error'])
        .where('host_id', '=', hostId)
        .orderBy('id')
        .execute();
    },

    /** Which of these ids have a row (one query, however many ids). */
    async existingIds(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db
        .selectFrom('vms')
        .select('id')
        .where('id', 'in', [...ids])
        .execute();
      return new Set(rows.map((r) => r.id));
    },

    async listAll(): Promise<VmRow[]> {
      return db.selectFrom('vms').selectAll().orderBy('id').execute();
    },

    async update(id: string, patch: VmUpdate): Promise<VmRow | undefined> {
      return db
        .updateTable('vms')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },

    /** Compare-and-set on state, so two concurrent actions cannot both pass the state check. */
    async transition(id: string, from: readonly string[], patch: VmUpdate): Promise<VmRow | undefined> {
      return db
        .updateTable('vms')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .where('state', 'in', [...from])
        .returningAll()
        .executeTakeFirst();
    },

    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('vms').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** Resources reserved on a host by VMs that run or may be running there. */
    async usageOnHost(hostId: string, states: readonly string[]): Promise<{ vcpus: number; memMib: number }> {
      const row = await db
        .selectFrom('vms')
        .select((eb) => [
          eb.fn.coalesce(eb.fn.sum<number>('vcpu'), eb.lit(0)).as('vcpus'),
          eb.fn.coalesce(eb.fn.sum<number>('mem_mib'), eb.lit(0)).as('mem'),
        ])
        .where('host_id', '=', hostId)
        .where('state', 'in', [...states])
        .executeTakeFirstOrThrow();
      return { vcpus: Number(row.vcpus), memMib: Number(row.mem) };
    },
  };
}

export type VmRepository = ReturnType<typeof createVmRepository>;

/** `limit + 1` rows were asked for: one more than the page means there is a next page. */
function page<R extends VmRow>(rows: R[], limit: number | undefined): VmPage<R> {
  if (!limit || rows.length <= limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, limit);
  return { rows: kept, nextCursor: encodeCursor(kept[kept.length - 1] as R) };
}

function encodeCursor(row: VmRow): string {
  return Buffer.from(JSON.stringify([new Date(row.created_at).toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    return { createdAt: new Date(createdAt), id };
  } catch {
    return undefined;
  }
}
