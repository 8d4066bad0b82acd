// Per-NIC frame relays through fc-vmm: where MMDS is answered and rx/tx rate limits are enforced.
import type { RateLimiter } from '@nqvm/fc-api';
import type { VmmContext } from '../backend.js';
import type { QmpClient } from '../qemu/qmp-client.js';
import type { VmResources } from '../vm-resources.js';
import { isActive } from './token-bucket.js';

export interface NetRelays {
  /** Changes a NIC's limits live, installing its relay first if it had none. */
  setLimits(ifaceId: string, rx: RateLimiter | undefined, tx: RateLimiter | undefined): Promise<void>;
  close(): Promise<void>;
}

export function limiterActive(rl: RateLimiter | undefined): boolean {
  return isActive(rl?.bandwidth) || isActive(rl?.ops);
}

export async function setupNetRelays(
  _qmp: QmpClient,
  _ctx: VmmContext,
  _resources: VmResources,
): Promise<NetRelays> {
  return {
    async setLimits() {},
    async close() {},
  };
}
