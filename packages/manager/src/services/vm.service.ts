// VM rules: create (from images, paths, a template or a snapshot), list, get, actions, delete.
import { randomUUID } from 'node:crypto';
import type { AgentVm } from '@nqvm/core';
import { isUniqueViolation } from '../db/database.js';
import type { HostRow, NewDrive, NewNic, NewVm, VmRow, VmUpdate } from '../db/schema.js';
import { errors } from '../errors.js';
import { type ServiceContext, viaAgent, withInflight } from './context.js';
import { toVm } from './mappers.js';
import type { Scheduler } from './scheduler.js';
import { type BootSource, type BootSourceRequest, resolveBootSource } from './vm-source.js';
import { buildAgentSpec, newMac, type SpecDrive, type SpecNic } from './vm-spec.js';
import { ACTION_RULES, fromAgentState, type VmAction, wrongState } from './vm-states.js';

export interface CreateVmInput extends BootSourceRequest {
  name: string;
  vcpu: number;
  mem_mib: number;
  template_id?: string | null;
  /** Boot the VM once it is defined (default true: "create a VM and see it running"). */
  start?: boolean;
}

/** A raw host path given for a VM, or null when it boots from a registry image (manager-side file). */
const rawPath = (source: { image?: unknown; path: string }): string | null =>
  source.image ? null : source.path;

/** The root drive a new VM boots from: its registry image, or a raw path (admins). */
function rootDrive(vmId: string, source: BootSource): NewDrive & SpecDrive {
  return {
    id: randomUUID(),
    vm_id: vmId,
    drive_id: 'rootfs',
    image_id: source.rootfs.image?.id ?? null,
    path_on_host: rawPath(source.rootfs),
    is_root_device: true,
    is_read_only: false,
    size_bytes: source.rootfs.image ? Number(source.rootfs.image.size) : null,
    cache_type: 'Unsafe',
    io_engine: 'Sync',
    rate_limiter: null,
  };
}

/** eth0; its MAC is also the VM row's guest_mac. */
function firstNic(vmId: string): NewNic & SpecNic {
  return {
    id: randomUUID(),
    vm_id: vmId,
    iface_id: 'eth0',
    guest_mac: newMac(),
    rx_rate_limiter: null,
    tx_rate_limiter: null,
  };
}

export function createVmService(ctx: ServiceContext, scheduler: Scheduler) {
  const { repos } = ctx;

  async function mustGet(id: string): Promise<VmRow> {
    const vm = await repos.vms.get(id);
    if (!vm || vm.state === 'deleting') throw errors.VM_NOT_FOUND({}, `VM with ID '${id}' does not exist`);
    return vm;
  }

  async function setState(vm: VmRow, patch: VmUpdate): Promise<VmRow | undefined> {
    const updated = await repos.vms.update(vm.id, patch);
    if (updated && patch.state && patch.state !== vm.state) {
      await ctx.bus.publish({
        kind: 'vm.state',
        resource_type: 'vm',
        resource_id: vm.id,
        data: { name: vm.name, from: vm.state, to: patch.state },
      });
    }
    return updated;
  }

  /** Records what the agent reports about a VM: its TAP, socket, log, root disk and address. */
  function observed(agentVm: AgentVm): VmUpdate {
    const nic = agentVm.nics?.[0];
    // The root disk the VM really boots from is the agent's private copy on its host, not the
    // manager's image file (which does not exist there).
    const rootDisk = agentVm.drives?.find((d) => d.drive_id === 'rootfs')?.path_on_host;
    return {
      state: fromAgentState(agentVm.state),
      error: agentVm.error ?? null,
      ...(agentVm.api_sock ? { api_sock: agentVm.api_sock } : {}),
      ...(agentVm.console_log ? { log_path: agentVm.console_log } : {}),
      ...(rootDisk ? { rootfs_path: rootDisk } : {}),
      ...(nic ? { tap: nic.tap, guest_ip: nic.ip ?? null } : {}),
    };
  }

  async function recordNics(vmId: string, agentVm: AgentVm): Promise<void> {
    for (const reported of agentVm.nics ?? []) {
      await repos.nics.updateByIface(vmId, reported.iface_id, {
        host_dev_name: reported.tap,
        guest_ip: reported.ip ?? null,
      });
    }
  }

  async function insertVm(row: NewVm, devices: { drive: NewDrive; nic: NewNic }): Promise<VmRow> {
    try {
      return await repos.vms.insertWithDevices(row, devices);
    } catch (err) {
      // The pre-check passed for both racers; the unique index picks one winner.
      if (isUniqueViolation(err)) throw errors.VM_NAME_CONFLICT({ name: row.name });
      throw err;
    }
  }

  return {
    toApi: async (vm: VmRow) => toVm(vm, vm.host_id ? await repos.hosts.get(vm.host_id) : undefined),

    /** One query per page (hosts joined): with 10,000 VMs every extra round trip shows. */
    async list(options: { limit?: number; cursor?: string }) {
      const page = await repos.vms.listWithHost(options);
      return { items: page.rows.map((vm) => toVm(vm)), next_cursor: page.nextCursor };
    },

    mustGet,

    async get(id: string) {
      const vm = await repos.vms.getWithHost(id);
      if (!vm || vm.state === 'deleting') throw errors.VM_NOT_FOUND({}, `VM with ID '${id}' does not exist`);
      return toVm(vm);
    },

    async create(input: CreateVmInput): Promise<VmRow> {
      // The three reads are independent: asked together, and their errors reported in this order.
      const checks = await Promise.allSettled([
        repos.vms.getByName(input.name).then((taken) => {
          if (taken) throw errors.VM_NAME_EXISTS({ name: input.name });
        }),
        resolveBootSource(ctx, input),
        scheduler.place(input.vcpu, input.mem_mib),
      ]);
      const [, source, host] = checks.map((c) => {
        if (c.status === 'rejected') throw c.reason;
        return c.value;
      }) as [undefined, BootSource, HostRow];
      const start = input.start !== false;
      const id = randomUUID();
      const drive = rootDrive(id, source);
      const nic = firstNic(id);
      const vm = await insertVm(
        {
          id,
          name: input.name,
          state: 'creating',
          // Written before any agent call: a manager that dies mid-create leaves the reconciler
          // a row that says what to converge to.
          desired_state: start ? 'running' : 'stopped',
          vcpu: input.vcpu,
          mem_mib: input.mem_mib,
          // Paths are what the agent's host sees: a raw path as given (the agent opens it there); for a
          // registry image none (its id says it; the agent caches it by sha256), until the agent reports
          // the root disk it made (observed()).
          kernel_image_id: source.kernel.image?.id ?? null,
          kernel_path: rawPath(source.kernel),
          initrd_image_id: source.initrd?.image?.id ?? null,
          initrd_path: source.initrd ? rawPath(source.initrd) : null,
          rootfs_image_id: source.rootfs.image?.id ?? null,
          rootfs_path: rawPath(source.rootfs),
          boot_args: null,
          hostname: input.name,
          host_id: host.id,
          template_id: input.template_id ?? null,
          guest_mac: nic.guest_mac,
        },
        { drive, nic },
      );
      return withInflight(ctx, id, async () => {
        const agent = ctx.agents.forRow(host);
        // Persisted while the agent works (it is not needed for the agent call); awaited before any
        // later event of this VM, so 'vm.created' still comes first.
        const created = ctx.bus.publish({
          kind: 'vm.created',
          resource_type: 'vm',
          resource_id: id,
          data: { name: vm.name },
        });
        created.catch(() => undefined); // observed below; this only keeps an early failure from going unhandled
        try {
          // One agent call defines and boots (the spec's `start`): a second round trip would be
          // paid on every create. The spec comes from the rows just written, not read back.
          const images = [source.kernel, source.initrd, source.rootfs].flatMap((s) =>
            s?.image ? [s.image] : [],
          );
          const spec = {
            ...(await buildAgentSpec(repos, vm, { drives: [drive], nics: [nic], images })),
            start,
          };
          const agentVm = await viaAgent(() => agent.putVm(id, spec));
          await created;
          const after = observed(agentVm);
          const state = after.state === 'unknown' ? (start ? 'running' : 'stopped') : after.state;
          const [, updated] = await Promise.all([recordNics(id, agentVm), setState(vm, { ...after, state })]);
          return updated ?? vm;
        } catch (err) {
          // Nothing half-made stays behind: the name is free again for a retry.
          // A boot that failed after the agent defined the VM leaves its definition: remove it too.
          await agent.deleteVm(id).catch(() => undefined);
          await repos.vms.delete(id);
          await created.catch(() => undefined);
          await ctx.bus.publish({
            kind: 'vm.deleted',
            resource_type: 'vm',
            resource_id: id,
            data: { name: vm.name },
          });
          throw err;
        }
      });
    },

    async action(id: string, action: VmAction): Promise<void> {
      const rule = ACTION_RULES[action];
      const vm = await mustGet(id);
      if (!rule.from.includes(vm.state)) throw wrongState(action, vm.state, rule.from);
      if (action === 'flush-metrics' && !ctx.config.enableMetrics) throw errors.METRICS_DISABLED();
      if (action === 'start') await scheduler.ensureFits(vm.host_id as string, vm.vcpu, vm.mem_mib);
      const agent = await ctx.agents.forHost(vm.host_id);
      if (!rule.via) {
        await viaAgent(() => agent.action(id, action));
        return;
      }
      const moving = await repos.vms.transition(id, rule.from, {
        state: rule.via,
        desired_state: rule.desired,
      });
      if (!moving) {
        const now = await mustGet(id);
        throw wrongState(action, now.state, rule.from);
      }
      await withInflight(ctx, id, async () => {
        await ctx.bus.publish({
          kind: 'vm.state',
          resource_type: 'vm',
          resource_id: id,
          data: { name: vm.name, from: vm.state, to: rule.via },
        });
        try {
          const agentVm = await viaAgent(() => agent.action(id, action));
          const after = observed(agentVm);
          // A stop is done when the agent says so; until then the VM stays 'stopping'.
          await setState(moving, { ...after, state: after.state === 'unknown' ? rule.to : after.state });
        } catch (err) {
          await setState(moving, {
            state: vm.state,
            desired_state: vm.desired_state,
            error: (err as Error).message,
          });
          throw err;
        }
      });
    },

    async delete(id: string): Promise<void> {
      const vm = await repos.vms.get(id);
      if (!vm || vm.state === 'deleting') throw errors.VM_NOT_FOUND({}, `VM with ID '${id}' does not exist`);
      const claimed = await repos.vms.transition(id, [vm.state], {
        state: 'deleting',
        desired_state: 'deleted',
      });
      // Someone else moved it first (a concurrent delete): for us it is gone.
      if (!claimed) throw errors.VM_NOT_FOUND({}, `VM with ID '${id}' is being deleted`);
      await withInflight(ctx, id, async () => {
        if (vm.host_id) {
          const agent = await ctx.agents.forHost(vm.host_id);
          try {
            await viaAgent(() => agent.deleteVm(id));
          } catch (err) {
            // Keep the row in 'deleting': the reconciler finishes the job when the agent is back.
            await repos.vms.update(id, { error: (err as Error).message });
            throw err;
          }
        }
        await repos.vms.delete(id);
        await ctx.bus.publish({
          kind: 'vm.deleted',
          resource_type: 'vm',
          resource_id: id,
          data: { name: vm.name },
        });
      });
    },

    observed,
    setState,
  };
}

export type VmService = ReturnType<typeof createVmService>;
