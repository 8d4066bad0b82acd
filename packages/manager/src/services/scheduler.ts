// Places a VM on the registered host with the most free memory that fits it.
import type { ManagerConfig } from '../config.js';
import type { HostRow } from '../db/schema.js';
import { errors } from '../errors.js';
import type { HostRepository } from '../repositories/host.repository.js';
import type { VmRepository } from '../repositories/vm.repository.js';
import { ACTIVE_STATES } from './vm-states.js';

export interface SchedulerDeps {
  hosts: HostRepository;
  vms: VmRepository;
  config: Pick<ManagerConfig, 'hostTimeoutMs' | 'vcpuOvercommit'>;
  now: () => Date;
}

export function isOnline(host: HostRow, now: Date, timeoutMs: number): boolean {
  return (
    host.last_heartbeat_at !== null && now.getTime() - new Date(host.last_heartbeat_at).getTime() <= timeoutMs
  );
}

export function createScheduler(deps: SchedulerDeps) {
  // A VM being created is about to boot (create starts it by default): count it too.
  const USING = [...ACTIVE_STATES, 'creating'];

  function freeOf(host: HostRow, used: { vcpus: number; memMib: number }) {
    return {
      vcpus: host.capacity.vcpus * deps.config.vcpuOvercommit - used.vcpus,
      memMib: host.capacity.mem_mib - used.memMib,
    };
  }

  async function free(host: HostRow) {
    return freeOf(host, await deps.vms.usageOnHost(host.id, USING));
  }

  return {
    /** Deterministic: most free memory, then most free vCPUs, then lowest id. */
    async place(vcpu: number, memMib: number): Promise<HostRow> {
      const now = deps.now();
      const candidates: Array<{ host: HostRow; vcpus: number; memMib: number }> = [];
      for (const { host, usedVcpus, usedMemMib } of await deps.hosts.listWithUsage(USING)) {
        if (!isOnline(host, now, deps.config.hostTimeoutMs)) continue;
        const f = freeOf(host, { vcpus: usedVcpus, memMib: usedMemMib });
        if (f.vcpus >= vcpu && f.memMib >= memMib) candidates.push({ host, ...f });
      }
      candidates.sort(
        (a, b) => b.memMib - a.memMib || b.vcpus - a.vcpus || a.host.id.localeCompare(b.host.id),
      );
      const best = candidates[0];
      if (!best) throw errors.NO_HOST_CAPACITY({}, `no online host has ${vcpu} vCPU and ${memMib} MiB free`);
      return best.host;
    },

    /** Whether the VM's own host can run it now (start after stop). */
    async ensureFits(hostId: string, vcpu: number, memMib: number): Promise<void> {
      const host = await deps.hosts.get(hostId);
      if (!host) throw errors.NO_HOST_CAPACITY({}, `host '${hostId}' is gone`);
      if (!isOnline(host, deps.now(), deps.config.hostTimeoutMs)) {
        throw errors.HOST_OFFLINE({}, `host '${host.hostname}' has not sent a heartbeat recently`);
      }
      const f = await free(host);
      if (f.vcpus < vcpu || f.memMib < memMib) {
        throw errors.NO_HOST_CAPACITY(
          {},
          `host '${host.hostname}' has ${f.memMib} MiB and ${f.vcpus} vCPU free`,
        );
      }
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
