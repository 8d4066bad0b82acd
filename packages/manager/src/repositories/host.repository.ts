// Host rows: one per registered agent, with its capacity and last heartbeat.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { HostRow, HostsTable } from '../db/schema.js';

export function createHostRepository(db: Db) {
  return {
    async insert(host: Insertable<HostsTable>): Promise<HostRow> {
      return db.insertInto('hosts').values(host).returningAll().executeTakeFirstOrThrow();
    },
    async get(id: string): Promise<HostRow | undefined> {
      return db.selectFrom('hosts').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findByEndpoint(addr: string, port: number): Promise<HostRow | undefined> {
      return db
        .selectFrom('hosts')
        .selectAll()
        .where('addr', '=', addr)
        .where('port', '=', port)
        .executeTakeFirst();
    },
    async findByCredential(credential: string): Promise<HostRow | undefined> {
      return db.selectFrom('hosts').selectAll().where('credential', '=', credential).executeTakeFirst();
    },
    async list(): Promise<HostRow[]> {
      return db.selectFrom('hosts').selectAll().orderBy('id').execute();
    },
    async update(id: string, patch: Updateable<HostsTable>): Promise<HostRow | undefined> {
      return db
        .updateTable('hosts')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },
  };
}

export type HostRepository = ReturnType<typeof createHostRepository>;
