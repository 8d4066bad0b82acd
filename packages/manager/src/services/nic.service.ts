// Network interfaces of a VM: the agent creates the TAP on its bridge and allocates the address.
import { randomUUID } from 'node:crypto';
import type { Applied } from '@nqvm/core';
import type { AgentClient } from '../agent/agent-client.js';
import { isUniqueViolation } from '../db/database.js';
import type { NicRow, RateLimiterJson, VmRow } from '../db/schema.js';
import { errors } from '../errors.js';
import { type ServiceContext, viaAgent } from './context.js';
import { toNic } from './mappers.js';
import type { VmService } from './vm.service.js';
import { newMac, nicToAgent } from './vm-spec.js';

export interface CreateNicInput {
  iface_id: string;
  host_dev_name?: string;
  guest_mac?: string;
  rx_rate_limiter?: RateLimiterJson | null;
  tx_rate_limiter?: RateLimiterJson | null;
}

export interface UpdateNicInput {
  rx_rate_limiter?: RateLimiterJson | null;
  tx_rate_limiter?: RateLimiterJson | null;
}

const jsonOrNull = (v: RateLimiterJson | null | undefined) => (v ? JSON.stringify(v) : null);

export function createNicService(ctx: ServiceContext, vms: VmService) {
  const { repos } = ctx;

  async function mustFind(vm: VmRow, key: string): Promise<NicRow> {
    const nic = await repos.nics.find(vm.id, key);
    if (!nic) throw errors.NIC_NOT_FOUND({}, `NIC '${key}' is not attached to VM '${vm.name}'`);
    return nic;
  }

  /**
   * The agent names the TAP and allocates the address: record them, as a VM create does for its
   * first NIC (else the API never shows an added NIC's address). Best effort: never throws, since
   * the NIC exists on the agent either way.
   */
  async function recordAllocation(agent: AgentClient, row: NicRow): Promise<NicRow> {
    try {
      const reported = (await agent.getVm(row.vm_id))?.nics?.find((n) => n.iface_id === row.iface_id);
      if (!reported) return row;
      return await repos.nics.update(row.id, { host_dev_name: reported.tap, guest_ip: reported.ip ?? null });
    } catch {
      return row;
    }
  }

  return {
    async list(vmId: string) {
      await vms.mustGet(vmId);
      return (await repos.nics.listByVm(vmId)).map(toNic);
    },

    async get(vmId: string, key: string) {
      return toNic(await mustFind(await vms.mustGet(vmId), key));
    },

    async create(vmId: string, input: CreateNicInput) {
      const vm = await vms.mustGet(vmId);
      if (await repos.nics.find(vmId, input.iface_id)) throw errors.NIC_EXISTS({ iface_id: input.iface_id });
      if (input.host_dev_name && (await repos.nics.tapInUse(vm.host_id, input.host_dev_name, vmId))) {
        throw errors.NIC_TAP_CONFLICT({ tap: input.host_dev_name }, 'Device conflict');
      }
      let row: NicRow;
      try {
        row = await repos.nics.insert({
          id: randomUUID(),
          vm_id: vmId,
          iface_id: input.iface_id,
          host_dev_name: input.host_dev_name ?? null,
          guest_mac: input.guest_mac?.toLowerCase() ?? newMac(),
          rx_rate_limiter: jsonOrNull(input.rx_rate_limiter),
          tx_rate_limiter: jsonOrNull(input.tx_rate_limiter),
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw errors.NIC_EXISTS({ iface_id: input.iface_id });
        throw err;
      }
      try {
        const agent = await ctx.agents.forHost(vm.host_id);
        const applied = await viaAgent(() => agent.putNic(vmId, nicToAgent(row)));
        return { ...toNic(await recordAllocation(agent, row)), applied };
      } catch (err) {
        await repos.nics.delete(row.id);
        throw err;
      }
    },

    async update(vmId: string, key: string, input: UpdateNicInput) {
      const vm = await vms.mustGet(vmId);
      const nic = await mustFind(vm, key);
      const agent = await ctx.agents.forHost(vm.host_id);
      const applied: Applied = await viaAgent(() => agent.patchNic(vmId, nic.iface_id, input));
      const row = await repos.nics.update(nic.id, {
        ...(input.rx_rate_limiter !== undefined
          ? { rx_rate_limiter: jsonOrNull(input.rx_rate_limiter) }
          : {}),
        ...(input.tx_rate_limiter !== undefined
          ? { tx_rate_limiter: jsonOrNull(input.tx_rate_limiter) }
          : {}),
      });
      return { ...toNic(row), applied };
    },

    async delete(vmId: string, key: string): Promise<{ ok: true; applied: Applied }> {
      const vm = await vms.mustGet(vmId);
      const nic = await mustFind(vm, key);
      const agent = await ctx.agents.forHost(vm.host_id);
      const applied = await viaAgent(() => agent.deleteNic(vmId, nic.iface_id));
      await repos.nics.delete(nic.id);
      return { ok: true, applied };
    },
  };
}

export type NicService = ReturnType<typeof createNicService>;
