// Deterministic host-side names for a NIC: TAP name and MAC derived from VM id + iface id.
import { createHash } from 'node:crypto';

/** Every TAP the agent creates starts with this, so leftovers can be found after a crash. */
export const TAP_PREFIX = 'nqt';

function digest(vmId: string, ifaceId: string): Buffer {
  return createHash('sha256').update(`${vmId}/${ifaceId}`).digest();
}

/** 13 characters, inside Linux's 15-character interface name limit. */
export function tapName(vmId: string, ifaceId: string): string {
  return `${TAP_PREFIX}${digest(vmId, ifaceId).toString('hex').slice(0, 10)}`;
}

/** A locally administered unicast MAC (first octet 06, as in Firecracker's examples). */
export function deriveMac(vmId: string, ifaceId: string): string {
  const bytes = [...digest(vmId, ifaceId).subarray(10, 15)];
  return ['06', ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
