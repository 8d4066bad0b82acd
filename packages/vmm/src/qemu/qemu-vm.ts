// One running QEMU: the process, its QMP connection, its RAM file, and cleanup of all three.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, realpathSync, unlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { VmExit, VmmContext } from '../backend.js';
import type { RamView } from '../snapshot/memory-image.js';
import type { VmResources } from '../vm-resources.js';
import { type Accel, buildQemuArgs, plainFrameNics } from './qemu-args.js';
import { qemuErrors } from './qemu-errors.js';
import { type QemuProcess, spawnQemu } from './qemu-process.js';
import { connectQmp, type QmpClient } from './qmp-client.js';

export interface QemuVm {
  readonly proc: QemuProcess;
  readonly qmp: QmpClient;
  /**
   * Where the guest RAM can be read now: the shared RAM file (through /proc/self/fd: the file
   * itself is unlinked), or QEMU's /proc/<pid>/mem at the private mapping's address.
   */
  ram(): RamView;
  /** RAM is a private (share=off) mapping: migration cannot skip it (x-ignore-shared needs share=on). */
  readonly privateMem: boolean;
  readonly accel: Accel;
  /** NICs running without a vnet header (recorded in snapshots: a restore must match). */
  readonly plainNics: readonly string[];
  readonly ctx: VmmContext;
  readonly exited: Promise<VmExit>;
  /** Runs once QEMU is gone: removes the RAM file and QMP socket. */
  readonly cleanup: () => Promise<void>;
}

export interface LaunchOptions {
  resources: VmResources;
  ctx: VmmContext;
  accel: Accel;
  qemuBinary: string;
  /** A prepared RAM file to boot from (snapshot load); otherwise a fresh one is created. */
  memPath?: string;
  /** Map `memPath` copy-on-write (share=off): QEMU never writes the file. */
  privateMem?: boolean;
  /** `memPath` belongs to the caller (a snapshot's memory file): never unlink or remove it. */
  keepMemFile?: boolean;
  incoming?: boolean;
  /** See `plainFrameNics`; a snapshot load passes what the snapshot recorded. */
  plainNics?: readonly string[];
  netns?: string;
}

/** Unix socket paths are limited to 107 bytes; fall back to /tmp for deep run dirs. */
export function socketPath(runDir: string, name: string): string {
  const p = join(runDir, name);
  return p.length < 100 ? p : join('/tmp', `fcvmm-${randomBytes(6).toString('hex')}-${name}`);
}

/** Guest RAM goes to tmpfs when there is one, so a share=on mapping never writes back to disk. */
export function ramFilePath(ctx: VmmContext): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : ctx.runDir;
  return join(base, `fcvmm-${ctx.instanceId.replace(/[^\w.-]/g, '_')}-${randomBytes(4).toString('hex')}.ram`);
}

export async function launchQemu(opts: LaunchOptions): Promise<QemuVm> {
  const qmpPath = socketPath(opts.ctx.runDir, 'qmp.sock');
  const memPath = opts.memPath ?? ramFilePath(opts.ctx);
  const plainNics = opts.plainNics ?? plainFrameNics(opts.resources);
  const args = buildQemuArgs({
    resources: opts.resources,
    accel: opts.accel,
    qmpPath,
    memPath,
    incoming: opts.incoming,
    plainNics,
    privateMem: opts.privateMem,
  });
  opts.ctx.log.debug('starting QEMU', { binary: opts.qemuBinary, args });
  const proc = spawnQemu({
    binary: opts.qemuBinary,
    args,
    ctx: opts.ctx,
    serialOutPath: opts.resources.serial?.serial_out_path,
    netns: opts.netns,
  });
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    if (!opts.keepMemFile) await rm(memPath, { force: true });
    await rm(qmpPath, { force: true });
  };
  let qmp: QmpClient;
  try {
    qmp = await Promise.race([
      connectQmp(qmpPath, 15_000),
      proc.exited.then((exit) => {
        throw qemuErrors.QEMU_START({ reason: `${exit.reason}; ${proc.stderrTail().trim()}` });
      }),
    ]);
  } catch (err) {
    proc.expectExit();
    proc.child.kill('SIGKILL');
    await proc.exited;
    await cleanup();
    throw err;
  }
  // Once QEMU has mapped the RAM file, only an fd keeps it: if fc-vmm is killed hard, the
  // memory goes back to tmpfs with the last process instead of leaking a file in /dev/shm.
  // A private mapping is read through QEMU's own memory: the file holds only what was loaded.
  const mappedPath = realpathSync(memPath);
  const ramFd = opts.privateMem ? undefined : openSync(memPath, 'r');
  if (!opts.keepMemFile) unlinkSync(memPath);
  const size = opts.resources.machineConfig.mem_size_mib * 1024 * 1024;
  const ram = (): RamView =>
    ramFd === undefined
      ? { path: `/proc/${proc.pid}/mem`, offset: mappingAddress(proc.pid, mappedPath, size), size }
      : { path: `/proc/self/fd/${ramFd}`, offset: 0, size };
  qmp.on('event', (ev) => {
    if (ev.event === 'SHUTDOWN') proc.noteShutdown(String(ev.data?.reason ?? 'shutdown'));
    if (ev.event === 'GUEST_PANICKED') proc.noteShutdown('guest-panic');
  });
  const exited = proc.exited.then(async (exit) => {
    qmp.close();
    if (ramFd !== undefined) closeSync(ramFd);
    await cleanup();
    opts.ctx.log.info('VM exited', { code: exit.code, reason: exit.reason });
    return exit;
  });
  return {
    proc,
    qmp,
    ram,
    privateMem: !!opts.privateMem,
    accel: opts.accel,
    plainNics,
    ctx: opts.ctx,
    exited,
    cleanup,
  };
}

/** The address where QEMU mapped `file` (`size` bytes) as guest RAM, from /proc/<pid>/maps. */
export function mappingAddress(pid: number, file: string, size: number): number {
  for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
    const [range = '', , offset, , , ...rest] = line.split(/\s+/);
    const path = rest.join(' ').replace(/ \(deleted\)$/, '');
    const [start = '', end = ''] = range.split('-');
    if (path !== file || offset !== '00000000') continue;
    if (Number.parseInt(end, 16) - Number.parseInt(start, 16) === size) return Number.parseInt(start, 16);
  }
  throw new Error(`QEMU (pid ${pid}) has no ${size}-byte mapping of ${file}`);
}
