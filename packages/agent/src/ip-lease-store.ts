// Persisted guest address leases; every change is read-modify-write under one in-process lock.
import { allocateAddress, type Leases, leaseKey } from './ip-allocator.js';
import { readJsonFile, writeJsonFile } from './json-file.js';
import type { Subnet } from './subnet.js';

export type IpLeaseStore = ReturnType<typeof createIpLeaseStore>;

export function createIpLeaseStore(file: string, subnet: Subnet) {
  let chain: Promise<unknown> = Promise.resolve();
  function locked<T>(fn: (leases: Leases) => Promise<T> | T): Promise<T> {
    const next = chain.then(async () => fn((await readJsonFile<Leases>(file)) ?? {}));
    chain = next.catch(() => undefined);
    return next;
  }

  return {
    all: () => locked((leases) => leases),
    allocate: (vmId: string, ifaceId: string) =>
      locked(async (leases) => {
        const key = leaseKey(vmId, ifaceId);
        const ip = allocateAddress(subnet, leases, key);
        if (leases[key] !== ip) await writeJsonFile(file, { ...leases, [key]: ip });
        return ip;
      }),
    /** Releases one NIC's lease, or all of a VM's when ifaceId is omitted. */
    release: (vmId: string, ifaceId?: string) =>
      locked(async (leases) => {
        const kept = Object.fromEntries(
          Object.entries(leases).filter(([key]) =>
            ifaceId === undefined ? !key.startsWith(`${vmId}/`) : key !== leaseKey(vmId, ifaceId),
          ),
        );
        if (Object.keys(kept).length !== Object.keys(leases).length) await writeJsonFile(file, kept);
      }),
  };
}
