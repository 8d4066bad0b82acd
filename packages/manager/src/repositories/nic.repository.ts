// NIC rows of each VM.
import type { Db } from '../db/database.js';
import type { NewNic, NicRow } from '../db/schema.js';
import { isUuid } from './drive.repository.js';

export function createNicRepository(db: Db) {
  return {
    async insert(nic: NewNic): Promise<NicRow> {
      return db.insertInto('nics').values(nic).returningAll().executeTakeFirstOrThrow();
    },
    async listByVm(vmId: string): Promise<NicRow[]> {
      return db.selectFrom('nics').selectAll().where('vm_id', '=', vmId).orderBy('iface_id').execute();
    },
    /** `key` is the row id or the iface_id. */
    async find(vmId: string, key: string): Promise<NicRow | undefined> {
      return db
        .selectFrom('nics')
        .selectAll()
        .where('vm_id', '=', vmId)
        .where((eb) =>
          isUuid(key) ? eb.or([eb('id', '=', key), eb('iface_id', '=', key)]) : eb('iface_id', '=', key),
        )
        .executeTakeFirst();
    },
    /** Another VM's NIC on the same host that already uses this TAP name. */
    async tapInUse(hostId: string | null, tap: string, exceptVmId: string): Promise<boolean> {
      const row = await db
        .selectFrom('nics')
        .innerJoin('vms', 'vms.id', 'nics.vm_id')
        .select('nics.id')
        .where('nics.host_dev_name', '=', tap)
        .where('vms.host_id', hostId === null ? 'is' : '=', hostId)
        .where('nics.vm_id', '!=', exceptVmId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async update(id: string, patch: Partial<NewNic>): Promise<NicRow> {
      return db
        .updateTable('nics')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** What the agent reported for a VM's interface; no row for it is no change. */
    async updateByIface(vmId: string, ifaceId: string, patch: Partial<NewNic>): Promise<void> {
      await db
        .updateTable('nics')
        .set({ ...patch, updated_at: new Date() })
        .where('vm_id', '=', vmId)
        .where('iface_id', '=', ifaceId)
        .execute();
    },
    async delete(id: string): Promise<void> {
      await db.deleteFrom('nics').where('id', '=', id).execute();
    },
  };
}

export type NicRepository = ReturnType<typeof createNicRepository>;
