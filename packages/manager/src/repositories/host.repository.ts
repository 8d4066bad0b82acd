// Host rows: one per registered agent, with its capacity and last heartbeat.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { HostRow, HostsTable } from '../db/schema.js';

/**
 * Every column but `observed_vms`: a heartbeat stores a thousand-entry list there that nothing reads,
 * and parsing it on every host lookup (one per VM in a reconcile pass) cost more than the rest.
 */
export const HOST_COLUMNS = [
  'id',
  'hostname',
  'addr',
  'port',
  'accel',
  'credential',
  'capacity',
  'usage',
  'last_heartbeat_at',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof HostRow>;

export function createHostRepository(db: Db) {
  const hosts = () => db.selectFrom('hosts').select(HOST_COLUMNS);
  return {
    async insert(host: Insertable<HostsTable>): Promise<HostRow> {
      return db.insertInto('hosts').values(host).returning(HOST_COLUMNS).executeTakeFirstOrThrow();
    },
    async get(id: string): Promise<HostRow | undefined> {
      return hosts().where('id', '=', id).executeTakeFirst();
    },
    async findByEndpoint(addr: string, port: number): Promise<HostRow | undefined> {
      return hosts().where('addr', '=', addr).where('port', '=', port).executeTakeFirst();
    },
    async findByCredential(credential: string): Promise<HostRow | undefined> {
      return hosts().where('credential', '=', credential).executeTakeFirst();
    },
    async list(): Promise<HostRow[]> {
      return hosts().orderBy('id').execute();
    },
    async update(id: string, patch: Updateable<HostsTable>): Promise<HostRow | undefined> {
      return db
        .updateTable('hosts')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .returning(HOST_COLUMNS)
        .executeTakeFirst();
    },
  };
}

export type HostRepository = ReturnType<typeof createHostRepository>;
