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

export interface HostWithUsage {
  host: HostRow;
  usedVcpus: number;
  usedMemMib: number;
}

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
    /** A VM's state and host in one query (the shell opens a console with it: one round trip, not two). */
    async ofVm(vmId: string): Promise<{ state: string; hostId: string | null; host?: HostRow } | undefined> {
      const row = await db
        .selectFrom('vms')
        .leftJoin('hosts', 'hosts.id', 'vms.host_id')
        .select(['vms.state as vm_state', 'vms.host_id as vm_host_id'])
        .select(HOST_COLUMNS.map((c) => `hosts.${c}` as const))
        .where('vms.id', '=', vmId)
        .executeTakeFirst();
      if (!row) return undefined;
      const { vm_state, vm_host_id, ...host } = row;
      return { state: vm_state, hostId: vm_host_id, ...(host.id ? { host: host as HostRow } : {}) };
    },
    async list(): Promise<HostRow[]> {
      return hosts().orderBy('id').execute();
    },
    /**
     * Every host with what its VMs in `states` use, in one query: placement used to ask once per
     * host, a round trip each on every create.
     */
    async listWithUsage(states: readonly string[]): Promise<HostWithUsage[]> {
      const rows = await db
        .selectFrom('hosts')
        .leftJoin(
          (eb) =>
            eb
              .selectFrom('vms')
              .select((v) => [
                'host_id',
                v.fn.sum<number>('vcpu').as('used_vcpus'),
                v.fn.sum<number>('mem_mib').as('used_mem_mib'),
              ])
              .where('state', 'in', [...states])
              .groupBy('host_id')
              .as('usage_by_host'),
          (join) => join.onRef('usage_by_host.host_id', '=', 'hosts.id'),
        )
        .select(HOST_COLUMNS.map((c) => `hosts.${c}` as const))
        .select(['usage_by_host.used_vcpus', 'usage_by_host.used_mem_mib'])
        .orderBy('hosts.id')
        .execute();
      return rows.map(({ used_vcpus, used_mem_mib, ...host }) => ({
        host,
        usedVcpus: Number(used_vcpus ?? 0),
        usedMemMib: Number(used_mem_mib ?? 0),
      }));
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
