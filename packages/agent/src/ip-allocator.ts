// Deterministic guest addresses: a hash of VM id + iface picks the first candidate, probing past taken ones.
import { createHash } from 'node:crypto';
import { agentErrors } from './agent-errors.js';
import { intToIp, type Subnet } from './subnet.js';

/** Lease key → address. One key per NIC: `<vm id>/<iface id>`. */
export type Leases = Record<string, string>;

export function leaseKey(vmId: string, ifaceId: string): string {
  return `${vmId}/${ifaceId}`;
}

/**
 * The same key gets the same address as long as it is free, so a repeated create (or a
 * rebuilt lease file) lands where it did before; no two keys ever share an address.
 */
export function allocateAddress(subnet: Subnet, leases: Leases, key: string): string {
  const existing = leases[key];
  if (existing) return existing;
  const taken = new Set(Object.values(leases));
  const count = subnet.lastGuest - subnet.firstGuest + 1;
  const start = createHash('sha256').update(key).digest().readUInt32BE(0) % count;
  for (let i = 0; i < count; i++) {
    const ip = intToIp(subnet.base + subnet.firstGuest + ((start + i) % count));
    if (!taken.has(ip)) return ip;
  }
  throw agentErrors.ADDRESS_EXHAUSTED({ cidr: subnet.cidr });
}
