// Snapshots: taken and removed by the VM's agent, instantiated into new VMs on the same host.
import { randomUUID } from 'node:crypto';
import type { CodedError } from '@nqvm/core';
import { isUniqueViolation } from '../db/database.js';
import type { SnapshotRow, VmRow } from '../db/schema.js';
import { errors } from '../errors.js';
import { type ServiceContext, viaAgent, withInflight } from './context.js';
import { toSnapshot } from './mappers.js';
import type { Scheduler } from './scheduler.js';
import type { VmService } from './vm.service.js';
import { buildAgentSpec, newMac } from './vm-spec.js';
import { fromAgentState, wrongState } from './vm-states.js';

export interface CreateSnapshotInput {
  name?: string;
  snapshot_type?: 'Full' | 'Diff';
  track_dirty_pages?: boolean;
  parent_id?: string;
}

export function createSnapshotService(ctx: ServiceContext, vms: VmService, scheduler: Scheduler) {
  const { repos } = ctx;

  async function mustGet(id: string): Promise<SnapshotRow> {
    const snapshot = await repos.snapshots.get(id);
    if (!snapshot) throw errors.SNAPSHOT_NOT_FOUND({}, `Snapshot with ID '${id}' does not exist`);
    return snapshot;
  }

  async function checkParent(vm: VmRow, input: CreateSnapshotInput) {
    if (input.snapshot_type !== 'Diff') {
      if (input.parent_id) throw errors.SNAPSHOT_PARENT_INVALID({}, 'parent_id is only for Diff snapshots');
      return;
    }
    if (!input.parent_id) throw errors.SNAPSHOT_PARENT_INVALID({}, 'a Diff snapshot needs parent_id');
    const parent = await repos.snapshots.get(input.parent_id);
    if (!parent || parent.vm_id !== vm.id || parent.state !== 'completed') {
      throw errors.SNAPSHOT_PARENT_INVALID(
        {},
        `snapshot '${input.parent_id}' is not a completed snapshot of this VM`,
      );
    }
  }

  return {
    async listForVm(vmId: string) {
      await vms.mustGet(vmId);
      return (await repos.snapshots.listByVm(vmId)).map(toSnapshot);
    },

    async get(id: string) {
      return toSnapshot(await mustGet(id));
    },

    async create(vmId: string, input: CreateSnapshotInput) {
      const vm = await vms.mustGet(vmId);
      if (!['running', 'paused'].includes(vm.state))
        throw wrongState('snapshot', vm.state, ['running', 'paused']);
      await checkParent(vm, input);
      const id = randomUUID();
      const name = input.name ?? `snap-${id.slice(0, 8)}`;
      let row: SnapshotRow;
      try {
        row = await repos.snapshots.insert({
          id,
          vm_id: vmId,
          host_id: vm.host_id,
          name,
          size_bytes: 0,
          snapshot_type: input.snapshot_type ?? 'Full',
          state: 'creating',
          parent_id: input.parent_id ?? null,
          track_dirty_pages: input.track_dirty_pages ?? false,
          vm_spec: JSON.stringify(await buildAgentSpec(repos, vm)),
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw errors.SNAPSHOT_EXISTS({}, 'Duplicate snapshot_id');
        throw err;
      }
      try {
        const agent = await ctx.agents.forHost(vm.host_id);
        const made = await viaAgent(() =>
          agent.createSnapshot(vmId, {
            snapshot_id: id,
            snapshot_type: row.snapshot_type as 'Full' | 'Diff',
            ...(row.parent_id ? { parent_id: row.parent_id } : {}),
          }),
        );
        await repos.snapshots.update(id, {
          state: 'completed',
          snapshot_path: made.state_file,
          mem_path: made.mem_file,
          size_bytes: made.size_bytes,
        });
      } catch (err) {
        await repos.snapshots.delete(id);
        throw errors.SNAPSHOT_FAILED({}, (err as CodedError).detail ?? (err as Error).message);
      }
      await ctx.bus.publish({
        kind: 'snapshot.created',
        resource_type: 'snapshot',
        resource_id: id,
        data: { vm_id: vmId },
      });
      return { id, name };
    },

    async instantiate(id: string, input: { name?: string }) {
      const snapshot = await mustGet(id);
      const source = await vms.mustGet(snapshot.vm_id);
      if (snapshot.state !== 'completed')
        throw errors.SNAPSHOT_PARENT_INVALID({}, `snapshot is ${snapshot.state}`);
      const newId = randomUUID();
      const name = input.name ?? `${source.name.slice(0, 40)}-${newId.slice(0, 8)}`;
      if (await repos.vms.getByName(name)) throw errors.VM_NAME_EXISTS({ name });
      await scheduler.ensureFits(source.host_id as string, source.vcpu, source.mem_mib);
      const { id: _drop, created_at: _c, updated_at: _u, ...rest } = source;
      let vm: VmRow;
      try {
        vm = await repos.vms.insert({
          ...rest,
          id: newId,
          name,
          hostname: name,
          state: 'creating',
          desired_state: 'running',
          guest_mac: newMac(),
          guest_ip: null,
          tap: null,
          api_sock: null,
          log_path: null,
          error: null,
          source_snapshot_id: snapshot.id,
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw errors.VM_NAME_CONFLICT({ name });
        throw err;
      }
      for (const drive of await repos.drives.listByVm(source.id)) {
        const { id: _d, vm_id: _v, created_at: _a, updated_at: _b, rate_limiter, ...d } = drive;
        await repos.drives.insert({
          ...d,
          id: randomUUID(),
          vm_id: newId,
          rate_limiter: JSON.stringify(rate_limiter),
        });
      }
      for (const nic of await repos.nics.listByVm(source.id)) {
        await repos.nics.insert({
          id: randomUUID(),
          vm_id: newId,
          iface_id: nic.iface_id,
          // A clone must not share the source's MAC or address on the bridge.
          guest_mac: nic.iface_id === 'eth0' ? (vm.guest_mac as string) : newMac(),
          rx_rate_limiter: JSON.stringify(nic.rx_rate_limiter),
          tx_rate_limiter: JSON.stringify(nic.tx_rate_limiter),
        });
      }
      return withInflight(ctx, newId, async () => {
        try {
          const agent = await ctx.agents.forHost(vm.host_id);
          const spec = await buildAgentSpec(repos, vm);
          const restored = await viaAgent(() =>
            agent.restore(newId, { source_vm_id: source.id, snapshot_id: snapshot.id, spec }),
          );
          const state = fromAgentState(restored.state);
          await vms.setState(vm, {
            ...vms.observed(restored),
            state,
            desired_state: state === 'paused' ? 'paused' : 'running',
          });
        } catch (err) {
          await repos.vms.delete(newId);
          throw err;
        }
        return { id: newId, name };
      });
    },

    async delete(id: string) {
      const snapshot = await mustGet(id);
      if (await repos.snapshots.hasChildren(id)) throw errors.SNAPSHOT_HAS_CHILDREN();
      const vm = await repos.vms.get(snapshot.vm_id);
      if (vm?.host_id) {
        const agent = await ctx.agents.forHost(vm.host_id);
        await viaAgent(() => agent.deleteSnapshot(vm.id, id));
      }
      await repos.snapshots.delete(id);
      await ctx.bus.publish({
        kind: 'snapshot.deleted',
        resource_type: 'snapshot',
        resource_id: id,
        data: {},
      });
    },
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
