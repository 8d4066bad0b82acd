// Snapshot rows; files live on the VM's host and are removed through its agent.

import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { SnapshotRow, SnapshotsTable } from '../db/schema.js';

export function createSnapshotRepository(db: Db) {
  return {
    async insert(snapshot: Insertable<SnapshotsTable>): Promise<SnapshotRow> {
      return db.insertInto('snapshots').values(snapshot).returningAll().executeTakeFirstOrThrow();
    },
    async get(id: string): Promise<SnapshotRow | undefined> {
      return db.selectFrom('snapshots').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async listByVm(vmId: string): Promise<SnapshotRow[]> {
      return db
        .selectFrom('snapshots')
        .selectAll()
        .where('vm_id', '=', vmId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },
    async hasChildren(id: string): Promise<boolean> {
      const row = await db
        .selectFrom('snapshots')
        .select('id')
        .where('parent_id', '=', id)
        .executeTakeFirst();
      return row !== undefined;
    },
    async update(id: string, patch: Updateable<SnapshotsTable>): Promise<SnapshotRow> {
      return db
        .updateTable('snapshots')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async delete(id: string): Promise<void> {
      await db.deleteFrom('snapshots').where('id', '=', id).execute();
    },
  };
}

export type SnapshotRepository = ReturnType<typeof createSnapshotRepository>;
