// VM lifecycle rules: create, start, stop, pause/resume, delete; one VM's operations never interleave.

import type { AgentVm, AgentVmSpec, AgentVmState as VmState } from '@nqvm/core';
import type { FirecrackerClient } from '@nqvm/fc-api';
import type { AgentContext } from './agent-context.js';
import { agentErrors } from './agent-errors.js';
import type { ExitInfo } from './exit-watcher.js';
import { createKeyedLock } from './keyed-lock.js';
import {
  allocateNic,
  checkDriveSpec,
  checkUniqueIds,
  materializeDrive,
  materializeRootDisk,
  resolveDriveImages,
} from './vm-files.js';
import { createVmRunner } from './vm-runner.js';
import type { VmRecord } from './vm-types.js';
import { canonicalJson, toAgentVm } from './vm-view.js';
import { configureAndBoot } from './vmm-driver.js';
import { isOurVmm, signalVmm, vmmSockArg } from './vmm-process.js';

export interface StopOptions {
  timeout_ms?: number;
  force?: boolean;
}

export type VmService = ReturnType<typeof createVmService>;

export function createVmService(ctx: AgentContext) {
  const locks = createKeyedLock();
  const runner = createVmRunner(ctx, (id, pid, info) => void onVmmExit(id, pid, info));
  const view = (record: VmRecord): AgentVm => toAgentVm(record, ctx.paths.vm(record.id));
  const save = (record: VmRecord) => ctx.store.save(record);

  async function load(id: string): Promise<VmRecord> {
    const record = await ctx.store.load(id);
    if (!record || record.deleting) throw agentErrors.VM_NOT_FOUND({ id });
    return record;
  }

  function requireState(record: VmRecord, action: string, allowed: VmState[]): void {
    if (!allowed.includes(record.state)) {
      throw agentErrors.VM_STATE({
        id: record.id,
        state: record.state,
        action,
        needed: allowed.join(' or '),
      });
    }
  }

  /** Runs `fn` on the VM's current record under its lock. */
  function withVm<T>(id: string, fn: (record: VmRecord) => Promise<T>): Promise<T> {
    return locks.run(id, async () => fn(await load(id)));
  }

  /** A VMM that exits on its own (guest poweroff, crash, kill -9) leaves the VM stopped. */
  async function onVmmExit(id: string, pid: number, info: ExitInfo): Promise<void> {
    await locks.run(id, async () => {
      const record = await ctx.store.load(id);
      if (!record || record.pid !== pid || record.deleting) return;
      // fc-vmm's QEMU outlives a SIGKILLed fc-vmm: take the rest of its process group down too.
      signalVmm(pid, 'SIGKILL');
      await runner.cleanupHost(record);
      const clean = info.code === 0;
      record.state = 'stopped';
      record.pid = undefined;
      record.vmm_sock_arg = undefined;
      record.started_at = undefined;
      record.error = clean ? undefined : describeExit(pid, info);
      await save(record);
      ctx.log.warn({ id, pid, code: info.code, signal: info.signal }, 'VMM exited');
    });
  }

  /**
   * Spawns a VMM and brings the VM up: a kernel boot by default, or `configure` (a snapshot
   * load) instead. Any failure leaves the VM in `error` with nothing running.
   */
  async function boot(
    record: VmRecord,
    configure?: (client: FirecrackerClient) => Promise<void>,
  ): Promise<void> {
    const kernel = configure ? '' : await ctx.images.resolve(record.spec.kernel);
    const initrd =
      !configure && record.spec.initrd ? await ctx.images.resolve(record.spec.initrd) : undefined;
    record.state = 'starting';
    record.error = undefined;
    record.identity_generation = (record.identity_generation ?? 0) + 1;
    await save(record);
    try {
      const client = await runner.launch(record, async (pid) => {
        record.pid = pid;
        await save(record);
      });
      if (configure) await configure(client);
      else await configureAndBoot(client, record, { kernel, initrd }, ctx.subnet);
      record.state = 'running';
      record.started_at = new Date().toISOString();
      await save(record);
    } catch (err) {
      await runner.kill(record.id, record.pid);
      await runner.cleanupHost(record);
      record.state = 'error';
      record.error = (err as Error).message;
      record.pid = undefined;
      record.vmm_sock_arg = undefined;
      await save(record);
      throw err;
    } finally {
      // After the boot, not during it: see VmmPool.refill.
      ctx.vmmPool.refill();
    }
  }

  async function stopLocked(record: VmRecord, options: StopOptions): Promise<void> {
    if (!runner.isLive(record.id)) {
      // Nothing runs (or an adopted VMM we lost track of): make sure of it, then tidy up.
      if (
        record.pid !== undefined &&
        (await isOurVmm(record.pid, vmmSockArg(record, ctx.paths.vm(record.id))))
      ) {
        signalVmm(record.pid, 'SIGKILL');
      }
    } else {
      const wasPaused = record.state === 'paused';
      record.state = 'stopping';
      await save(record);
      let exited = false;
      if (!options.force) {
        try {
          const client = runner.client(record.id, record.state, 'stop');
          // A paused guest cannot react to Ctrl+Alt+Del.
          if (wasPaused) await client.patchVm('Resumed');
          await client.action('SendCtrlAltDel');
          exited = await runner.waitExit(record.id, options.timeout_ms ?? ctx.config.stopTimeoutMs);
        } catch (err) {
          ctx.log.warn({ id: record.id, err: (err as Error).message }, 'graceful stop failed; killing');
        }
      }
      if (!exited) await runner.kill(record.id);
    }
    await runner.cleanupHost(record);
    record.state = 'stopped';
    record.pid = undefined;
    record.vmm_sock_arg = undefined;
    record.started_at = undefined;
    record.error = undefined;
    await save(record);
  }

  return {
    locks,
    runner,
    withVm,
    load,
    view,
    save,
    requireState,

    async list(): Promise<AgentVm[]> {
      const out: AgentVm[] = [];
      for (const id of await ctx.store.listDirs()) {
        const record = await ctx.store.load(id);
        if (record && !record.deleting) out.push(view(record));
      }
      return out;
    },

    get: async (id: string) => view(await load(id)),

    /** Idempotent for the same spec; images are resolved first so a bad one changes nothing. */
    create(id: string, spec: AgentVmSpec): Promise<AgentVm> {
      return locks.run(id, async () => {
        const existing = await ctx.store.load(id);
        if (existing && !existing.deleting) {
          const { start: _a, ...want } = spec;
          const { start: _b, ...have } = existing.spec;
          if (canonicalJson(want) !== canonicalJson(have)) throw agentErrors.VM_EXISTS({ id });
          if (spec.start && ['stopped', 'error'].includes(existing.state)) await boot(existing);
          return view(existing);
        }
        const drives = spec.drives ?? [];
        const nics = spec.nics ?? [];
        drives.forEach(checkDriveSpec);
        checkUniqueIds(
          drives.map((d) => d.drive_id),
          'drive_id',
        );
        checkUniqueIds(
          nics.map((n) => n.iface_id),
          'iface_id',
        );
        await ctx.images.resolve(spec.kernel);
        if (spec.initrd) await ctx.images.resolve(spec.initrd);
        const rootfs = await ctx.images.resolve(spec.rootfs);
        const driveImages = await resolveDriveImages(ctx, drives);

        // A record left by an interrupted delete is finished off before the id is reused.
        if (existing) await ctx.store.removeDir(id);
        const record: VmRecord = { id, spec, state: 'stopped', nics: [], drives: [], snapshots: [] };
        try {
          await ctx.store.ensureDir(id);
          record.drives.push(await materializeRootDisk(ctx, id, rootfs));
          for (const d of drives)
            record.drives.push(await materializeDrive(ctx, id, d, driveImages.get(d.drive_id)));
          for (const n of nics) record.nics.push(await allocateNic(ctx, id, n));
          await save(record);
        } catch (err) {
          await ctx.store.removeDir(id);
          await ctx.leases.release(id);
          throw err;
        }
        if (spec.start) await boot(record);
        return view(record);
      });
    },

    start: (id: string) =>
      withVm(id, async (record) => {
        if (record.state === 'running' || record.state === 'paused') return view(record);
        requireState(record, 'start', ['stopped', 'error']);
        await boot(record);
        return view(record);
      }),

    stop: (id: string, options: StopOptions) =>
      withVm(id, async (record) => {
        if (record.state !== 'stopped') await stopLocked(record, options);
        return view(record);
      }),

    pause: (id: string) =>
      withVm(id, async (record) => {
        if (record.state === 'paused') return view(record);
        requireState(record, 'pause', ['running']);
        await runner.client(id, record.state, 'pause').patchVm('Paused');
        record.state = 'paused';
        await save(record);
        return view(record);
      }),

    resume: (id: string) =>
      withVm(id, async (record) => {
        if (record.state === 'running') return view(record);
        requireState(record, 'resume', ['paused']);
        await runner.client(id, record.state, 'resume').patchVm('Resumed');
        record.state = 'running';
        await save(record);
        return view(record);
      }),

    /** The guest decides what Ctrl+Alt+Del means; if its VMM exits, the exit watcher records it. */
    ctrlAltDel: (id: string) =>
      withVm(id, async (record) => {
        requireState(record, 'ctrl-alt-del', ['running']);
        await runner.client(id, record.state, 'ctrl-alt-del').action('SendCtrlAltDel');
        return view(record);
      }),

    flushMetrics: (id: string) =>
      withVm(id, async (record) => {
        requireState(record, 'flush-metrics', ['running', 'paused']);
        await runner.client(id, record.state, 'flush-metrics').action('FlushMetrics');
        return view(record);
      }),

    /** Leaves nothing behind: process, TAPs, socket, cgroup, leases, directory. */
    remove: (id: string) =>
      withVm(id, async (record) => {
        record.deleting = true;
        await save(record);
        await stopLocked(record, { force: true });
        await ctx.leases.release(id);
        await ctx.store.removeDir(id);
      }),

    /** Used by restore: boots a prepared record through the same failure path as start. */
    boot,
  };
}

function describeExit(pid: number, info: ExitInfo): string {
  if (info.signal) return `VMM process ${pid} was killed by ${info.signal}`;
  if (info.code !== null) return `VMM process ${pid} exited with code ${info.code}`;
  return `VMM process ${pid} exited (status unknown: it was started by an earlier agent process)`;
}
