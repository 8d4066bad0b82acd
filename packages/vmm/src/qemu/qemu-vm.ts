// One running QEMU: the process, its QMP connection, its RAM file, and cleanup of all three.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, unlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { VmExit, VmmContext } from '../backend.js';
import type { VmResources } from '../vm-resources.js';
import { type Accel, buildQemuArgs, plainFrameNics } from './qemu-args.js';
import { qemuErrors } from './qemu-errors.js';
import { type QemuProcess, spawnQemu } from './qemu-process.js';
import { connectQmp, type QmpClient } from './qmp-client.js';

export interface QemuVm {
  readonly proc: QemuProcess;
  readonly qmp: QmpClient;
  /** Where the guest RAM can be read (a /proc/self/fd path: the file itself is unlinked). */
  readonly memPath: string;
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
    await rm(memPath, { force: true });
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
  const ramFd = openSync(memPath, 'r');
  unlinkSync(memPath);
  const liveMemPath = `/proc/self/fd/${ramFd}`;
  qmp.on('event', (ev) => {
    if (ev.event === 'SHUTDOWN') proc.noteShutdown(String(ev.data?.reason ?? 'shutdown'));
    if (ev.event === 'GUEST_PANICKED') proc.noteShutdown('guest-panic');
  });
  const exited = proc.exited.then(async (exit) => {
    qmp.close();
    closeSync(ramFd);
    await cleanup();
    opts.ctx.log.info('VM exited', { code: exit.code, reason: exit.reason });
    return exit;
  });
  return { proc, qmp, memPath: liveMemPath, accel: opts.accel, plainNics, ctx: opts.ctx, exited, cleanup };
}
