// Drive rows of each VM, including its root device.
import type { Db } from '../db/database.js';
import type { DriveRow, NewDrive } from '../db/schema.js';

export function createDriveRepository(db: Db) {
  return {
    async insert(drive: NewDrive): Promise<DriveRow> {
      return db.insertInto('drives').values(drive).returningAll().executeTakeFirstOrThrow();
    },
    async listByVm(vmId: string): Promise<DriveRow[]> {
      return db
        .selectFrom('drives')
        .selectAll()
        .where('vm_id', '=', vmId)
        .orderBy('is_root_device', 'desc')
        .orderBy('created_at')
        .orderBy('drive_id')
        .execute();
    },
    /** `key` is the row id or the drive_id the guest sees; clients use either. */
    async find(vmId: string, key: string): Promise<DriveRow | undefined> {
      return db
        .selectFrom('drives')
        .selectAll()
        .where('vm_id', '=', vmId)
        .where((eb) =>
          isUuid(key) ? eb.or([eb('id', '=', key), eb('drive_id', '=', key)]) : eb('drive_id', '=', key),
        )
        .executeTakeFirst();
    },
    async update(id: string, patch: Partial<NewDrive>): Promise<DriveRow> {
      return db
        .updateTable('drives')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async delete(id: string): Promise<void> {
      await db.deleteFrom('drives').where('id', '=', id).execute();
    },
  };
}

export type DriveRepository = ReturnType<typeof createDriveRepository>;

export const isUuid = (s: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
