// Starts a VMM detached in its own session with console files, and recognises or kills it later.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createFifo } from './console-fifo.js';
import { isAlive, readCmdline } from './proc-info.js';
import type { VmPaths } from './vm-paths.js';
import type { VmRecord } from './vm-types.js';

/** The files a VMM is started with: a VM's own, or a warm-pool slot's (same names). */
export type VmmFiles = Pick<VmPaths, 'dir' | 'apiSock' | 'consoleIn' | 'consoleLog' | 'vmmLog' | 'metrics'>;

export interface SpawnVmmOptions {
  vmmPath: string;
  /** Firecracker's instance id: the VM id, or the pool slot's name (it cannot change later). */
  id: string;
  paths: VmmFiles;
  netns?: string;
}

export interface SpawnedVmm {
  pid: number;
  /** Only while this agent is the VMM's parent; an adopted VMM is watched through /proc instead. */
  child: ChildProcess;
}

/** A fresh console FIFO, no stale socket, and the log and metrics files (kept if they exist). */
export async function prepareVmmFiles(paths: VmmFiles): Promise<void> {
  await createFifo(paths.consoleIn);
  await rm(paths.apiSock, { force: true });
  // Firecracker opens its log and metrics files without O_CREAT.
  await writeFile(paths.vmmLog, '', { flag: 'a' });
  await writeFile(paths.metrics, '', { flag: 'a' });
}

/** Firecracker's own flags; fc-vmm accepts the same. */
export function vmmArgs(options: SpawnVmmOptions): string[] {
  const { paths, id } = options;
  return [
    '--api-sock',
    paths.apiSock,
    '--id',
    id,
    '--log-path',
    paths.vmmLog,
    '--level',
    'Info',
    '--metrics-path',
    paths.metrics,
  ];
}

/**
 * setsid (detached) puts the VMM in its own session and process group, so signals aimed at
 * the agent never reach it and one group kill takes its children (QEMU) with it. stdin is the
 * console FIFO opened read-write: the VMM itself holds a writer, so it never reads EOF when
 * the agent or a viewer closes. stdout/stderr append to the console log, which outlives us.
 */
export function spawnVmm(options: SpawnVmmOptions): Promise<SpawnedVmm> {
  const { paths } = options;
  const stdin = openSync(paths.consoleIn, constants.O_RDWR);
  const out = openSync(paths.consoleLog, 'a');
  const vmm = [options.vmmPath, ...vmmArgs(options)];
  const command = options.netns ? ['ip', 'netns', 'exec', options.netns, ...vmm] : vmm;
  try {
    // umask 077: the API socket, snapshot and memory files the VMM creates are the owner's only.
    // `sh` and `ip netns exec` both exec, so the pid is the VMM's.
    const child = spawn('sh', ['-c', 'umask 077 && exec "$@"', 'vmm', ...command], {
      cwd: paths.dir,
      detached: true,
      stdio: [stdin, out, out],
    });
    child.unref();
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve({ pid: child.pid as number, child }));
    });
  } finally {
    closeSync(stdin);
    closeSync(out);
  }
}

/**
 * The `--api-sock` a VM's VMM was started with: the pool slot's socket path for a VMM taken from
 * the warm pool (recorded at launch), else the VM's own (records from before the pool have none).
 */
export function vmmSockArg(record: Pick<VmRecord, 'vmm_sock_arg'>, paths: Pick<VmPaths, 'apiSock'>): string {
  return record.vmm_sock_arg ?? paths.apiSock;
}

/**
 * A live pid is ours only if its command line names the socket it was started with (pids get
 * reused); pass `vmmSockArg(record, paths)`, not the VM's api.sock, for a pooled VMM.
 */
export async function isOurVmm(pid: number, apiSock: string): Promise<boolean> {
  if (!(await isAlive(pid))) return false;
  const argv = await readCmdline(pid);
  if (!argv) return false;
  const i = argv.indexOf('--api-sock');
  return i >= 0 && argv[i + 1] === apiSock;
}

/** Signals the VMM's whole process group (it is the group leader after setsid). */
export function signalVmm(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
