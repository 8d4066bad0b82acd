// The warm pool: NQVM_VMM_POOL VMM processes started ahead of need, each already answering its API.
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createFirecrackerClient, type FirecrackerClient } from '@nqvm/fc-api';
import { type ExitWatcher, watchExit } from './exit-watcher.js';
import type { Logger } from './logger.js';
import { type VmPaths, vmPaths } from './vm-paths.js';
import { waitForApi } from './vmm-api-ready.js';
import { handOverSlot } from './vmm-pool-handover.js';
import { killStalePoolProcesses } from './vmm-pool-stale.js';
import { prepareVmmFiles, signalVmm, spawnVmm } from './vmm-process.js';

export const API_READY_TIMEOUT_MS = 30_000;
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 30_000;
/** An idle VMM that lived this long before dying says nothing about the binary being broken. */
const HEALTHY_LIFETIME_MS = 60_000;

/** A VMM handed to a VM: from the pool (answering, `client` set) or cold-spawned (no client yet). */
export interface LaunchedVmm {
  pid: number;
  watcher: ExitWatcher;
  client?: FirecrackerClient;
  /** The `--api-sock` on its command line (recorded so a restarted agent recognises it). */
  sockArg: string;
}

interface Slot {
  name: string;
  dir: string;
  pid: number;
  watcher: ExitWatcher;
  client: FirecrackerClient;
  readyAt: number;
}

export interface VmmPoolOptions {
  size: number;
  poolDir: string;
  vmmPath: string;
  netns?: string;
  log: Logger;
}

export type VmmPool = ReturnType<typeof createVmmPool>;

export function createVmmPool(options: VmmPoolOptions) {
  const { size, poolDir, log } = options;
  const ready: Slot[] = [];
  const inFlight = new Set<Promise<void>>();
  const startingPids = new Set<number>();
  let started = false;
  let closing = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  /** Starts VMMs until ready + starting reaches the size; never while closing or backing off. */
  function fill(): void {
    if (!started || closing || retryTimer) return;
    while (ready.length + inFlight.size < size) {
      const run: Promise<void> = startSlot()
        .then(
          (slot) => {
            if (slot && closing) signalVmm(slot.pid, 'SIGKILL');
            else if (slot) ready.push(slot);
          },
          (err: Error) => {
            failures++;
            log.warn({ err: err.message, failures }, 'could not start a pooled VMM');
          },
        )
        .finally(() => {
          inFlight.delete(run);
          scheduleFill();
        });
      inFlight.add(run);
    }
  }

  /** After failures, wait (doubling up to 30 s) so a broken VMM binary does not spin. */
  function scheduleFill(): void {
    if (closing || retryTimer) return;
    if (failures === 0) {
      fill();
      return;
    }
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      fill();
    }, delay);
    retryTimer.unref();
  }

  async function startSlot(): Promise<Slot | undefined> {
    const name = `pool-${randomBytes(6).toString('hex')}`;
    const dir = join(poolDir, name);
    const files = vmPaths(dir);
    await mkdir(dir, { mode: 0o700 });
    let pid: number | undefined;
    try {
      await prepareVmmFiles(files);
      // Exactly like a VM's own spawn (setsid, umask 077, netns, Firecracker flags), but the
      // instance id is the slot's name: Firecracker cannot change it once started.
      const spawned = await spawnVmm({
        vmmPath: options.vmmPath,
        id: name,
        paths: files,
        netns: options.netns,
      });
      pid = spawned.pid;
      startingPids.add(pid);
      const watcher = watchExit(pid, spawned.child);
      if (closing) signalVmm(pid, 'SIGKILL');
      const client = await waitForApi(name, files.apiSock, watcher.exited, API_READY_TIMEOUT_MS);
      const slot: Slot = { name, dir, pid, watcher, client, readyAt: Date.now() };
      void watcher.exited.then((info) => onIdleExit(slot, info.code, info.signal));
      return slot;
    } catch (err) {
      if (pid !== undefined) signalVmm(pid, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
      if (closing) return undefined;
      throw err;
    } finally {
      if (pid !== undefined) startingPids.delete(pid);
    }
  }

  /** A pooled VMM that dies while idle is dropped and replaced; once taken, its exit is the VM's. */
  function onIdleExit(slot: Slot, code: number | null, signal: string | null): void {
    const i = ready.indexOf(slot);
    if (i < 0) return;
    ready.splice(i, 1);
    slot.client.close();
    void rm(slot.dir, { recursive: true, force: true });
    if (closing) return;
    if (Date.now() - slot.readyAt >= HEALTHY_LIFETIME_MS) failures = 0;
    failures++;
    log.warn({ slot: slot.name, pid: slot.pid, code, signal }, 'an idle pooled VMM exited; replacing it');
    scheduleFill();
  }

  return {
    size,
    /** The idle VMMs, oldest first (tests and diagnostics). */
    idle: () => ready.map((s) => ({ slot: s.name, pid: s.pid })),

    /**
     * At agent start: kills pool VMMs an earlier agent process left (except `keep`, the pids of
     * adopted VMs), recreates the pool dir empty, and starts filling it. Resolves to the killed pids.
     */
    async start(keep: Set<number>): Promise<number[]> {
      const killed = await killStalePoolProcesses(poolDir, keep);
      if (killed.length > 0) log.info({ pids: killed }, 'killed idle pooled VMMs of an earlier agent');
      await rm(poolDir, { recursive: true, force: true });
      if (size > 0) await mkdir(poolDir, { recursive: true, mode: 0o700 });
      started = true;
      fill();
      return killed;
    },

    /**
     * Starts VMMs until the pool is full again (in the background). The VM start that took one
     * calls this once its VM is booting: a Node process starting meanwhile would compete for the
     * CPU with that VM's own start.
     */
    refill: () => fill(),

    /**
     * A ready VMM whose files now sit at the VM's paths, or undefined (none ready, or the
     * hand-over failed): the caller then spawns one as before, and calls refill() afterwards.
     */
    async take(vmId: string, vm: VmPaths): Promise<LaunchedVmm | undefined> {
      const slot = ready.shift();
      if (!slot) return undefined;
      slot.client.close();
      let client: FirecrackerClient | undefined;
      try {
        await handOverSlot(slot.dir, vm);
        client = createFirecrackerClient(vm.apiSock, { timeoutMs: 30_000 });
        // One request proves the renamed socket answers (and the VMM did not die meanwhile).
        await client.describeInstance();
        failures = 0;
        return { pid: slot.pid, watcher: slot.watcher, client, sockArg: join(slot.dir, 'api.sock') };
      } catch (err) {
        client?.close();
        log.warn({ id: vmId, slot: slot.name, err: (err as Error).message }, 'pooled VMM hand-over failed');
        signalVmm(slot.pid, 'SIGKILL');
        await rm(slot.dir, { recursive: true, force: true });
        await rm(vm.vmmCwd, { recursive: true, force: true });
        return undefined;
      }
    },

    /** Agent shutdown: idle VMMs are killed and the pool dir removed; VMs' VMMs are not touched. */
    async close(): Promise<void> {
      if (closing) return;
      closing = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      for (const pid of startingPids) signalVmm(pid, 'SIGKILL');
      const idle = ready.splice(0);
      for (const slot of idle) {
        slot.client.close();
        signalVmm(slot.pid, 'SIGKILL');
      }
      await Promise.all([...idle.map((s) => s.watcher.exited), ...inFlight]);
      await rm(poolDir, { recursive: true, force: true });
    },
  };
}
