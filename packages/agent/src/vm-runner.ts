// One VM's running VMM: sets up the host side, spawns and watches the process, tears everything down.
import { chmod, rm } from 'node:fs/promises';
import type { FirecrackerClient } from '@nqvm/fc-api';
import type { AgentContext } from './agent-context.js';
import { agentErrors } from './agent-errors.js';
import { type ExitInfo, type ExitWatcher, watchExit } from './exit-watcher.js';
import type { VmPaths } from './vm-paths.js';
import type { VmRecord } from './vm-types.js';
import { waitForApi } from './vmm-api-ready.js';
import { API_READY_TIMEOUT_MS, type LaunchedVmm } from './vmm-pool.js';
import { prepareVmmFiles, signalVmm, spawnVmm } from './vmm-process.js';

interface LiveVmm {
  pid: number;
  watcher: ExitWatcher;
  client: FirecrackerClient;
}

export type VmRunner = ReturnType<typeof createVmRunner>;

/** `onExit` hears about every VMM exit, expected or not; the service decides what it means. */
export function createVmRunner(ctx: AgentContext, onExit: (id: string, pid: number, info: ExitInfo) => void) {
  const live = new Map<string, LiveVmm>();

  function track(id: string, pid: number, watcher: ExitWatcher, client: FirecrackerClient): void {
    live.set(id, { pid, watcher, client });
    void watcher.exited.then((info) => {
      if (live.get(id)?.pid === pid) {
        live.get(id)?.client.close();
        live.delete(id);
      }
      onExit(id, pid, info);
    });
  }

  /** Today's per-VM start, when the pool has nothing ready (or is off). */
  async function coldSpawn(id: string, paths: VmPaths): Promise<LaunchedVmm> {
    await prepareVmmFiles(paths);
    const { pid, child } = await spawnVmm({
      vmmPath: ctx.config.vmmPath,
      id,
      paths,
      netns: ctx.config.netns,
    }).catch((err: Error) => {
      throw agentErrors.VMM_START({ id, detail: err.message });
    });
    return { pid, watcher: watchExit(pid, child), sockArg: paths.apiSock };
  }

  return {
    isLive: (id: string) => live.has(id),
    pid: (id: string) => live.get(id)?.pid,

    /** The API client of a running VMM; a coded 409 when there is none. */
    client(id: string, state: string, action: string): FirecrackerClient {
      const entry = live.get(id);
      if (!entry) throw agentErrors.VM_STATE({ id, state, action, needed: 'running or paused' });
      return entry.client;
    },

    /**
     * Host side first (bridge, TAPs, cgroup), then a VMM (a warm one from the pool, else a fresh
     * spawn with its console files), then its API. The record remembers a pooled VMM's slot
     * socket path, which is what its command line names.
     */
    async launch(record: VmRecord, onSpawned: (pid: number) => Promise<void>): Promise<FirecrackerClient> {
      const paths = ctx.paths.vm(record.id);
      await ctx.store.ensureDir(record.id);
      if (record.nics.length > 0) {
        await ctx.network.ensureBridge();
        for (const nic of record.nics) await ctx.network.createTap(nic.tap);
      }
      const cgroups = await ctx.cgroups.create(record.id, record.spec);
      record.cgroups = cgroups.length > 0 ? cgroups : undefined;
      const vmm = (await ctx.vmmPool.take(record.id, paths)) ?? (await coldSpawn(record.id, paths));
      const { pid, watcher } = vmm;
      record.vmm_sock_arg = vmm.sockArg === paths.apiSock ? undefined : vmm.sockArg;
      // Before InstanceStart, so QEMU (forked at boot) starts inside the VMM's groups.
      await ctx.cgroups
        .addProcess(cgroups, pid)
        .catch((err: Error) => ctx.log.warn({ id: record.id, err: err.message }, 'could not join cgroup'));
      await onSpawned(pid);
      const client =
        vmm.client ?? (await waitForApi(record.id, paths.apiSock, watcher.exited, API_READY_TIMEOUT_MS));
      // umask 077 gave 0700; a socket needs no execute bit.
      await chmod(paths.apiSock, 0o600);
      track(record.id, pid, watcher, client);
      return client;
    },

    /** Takes over a VMM started by an earlier agent process (checked by the caller). */
    adopt(id: string, pid: number, client: FirecrackerClient): void {
      track(id, pid, watchExit(pid), client);
    },

    /** Resolves true if the VMM exits within the timeout. */
    async waitExit(id: string, timeoutMs: number): Promise<boolean> {
      const entry = live.get(id);
      if (!entry) return true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const exited = await Promise.race([entry.watcher.exited.then(() => true as const), timeout]);
      clearTimeout(timer);
      return exited;
    },

    /** SIGKILL to the VMM's process group, then wait for the exit to be observed. */
    async kill(id: string, pid?: number): Promise<void> {
      const entry = live.get(id);
      const target = entry?.pid ?? pid;
      if (target === undefined) return;
      signalVmm(target, 'SIGKILL');
      if (entry) await entry.watcher.exited;
    },

    /** Removes what a stopped VM left on the host; safe to repeat. */
    async cleanupHost(record: VmRecord): Promise<void> {
      const paths = ctx.paths.vm(record.id);
      ctx.consoles.release(record.id);
      for (const tap of [...record.nics.map((n) => n.tap), ...(record.retired_taps ?? [])]) {
        await ctx.network
          .deleteTap(tap)
          .catch((err: Error) =>
            ctx.log.warn({ id: record.id, tap, err: err.message }, 'could not delete TAP'),
          );
      }
      record.retired_taps = undefined;
      await rm(paths.apiSock, { force: true });
      // A pooled VMM's working dir (its old slot), once the VMM is gone.
      await rm(paths.vmmCwd, { recursive: true, force: true });
      await ctx.cgroups.remove(record.id, record.cgroups);
      record.cgroups = undefined;
    },

    /** Stops watching without touching the processes: the agent is shutting down, VMs stay up. */
    detachAll(): void {
      for (const entry of live.values()) {
        entry.watcher.stop();
        entry.client.close();
      }
      live.clear();
    },
  };
}
