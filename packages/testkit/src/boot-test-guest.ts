// Boots the default guest in plain QEMU microvm (TCG) on a private copy of its rootfs.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  GUEST_READY_LINE,
  guestKernelCmdline,
  type Manifest,
  manifestItem,
  tcgKernelParams,
} from '@nqvm/guest-image';
import { connectQmp, type QmpClient } from '@nqvm/vmm';
import type { TestNetns } from './netns.js';
import { createSerialConsole, type SerialConsole } from './serial-console.js';
import { type TempDir, tempDir } from './temp-dir.js';

const execFileAsync = promisify(execFile);

export interface BootTestGuestOptions {
  readonly images: Manifest;
  /** Only TCG boots guests on our machines (see HOST-NOTES); `kvm` is for real hardware. */
  readonly accel?: 'tcg' | 'kvm';
  readonly memMib?: number;
  /** Kernel parameters after the default quiet serial-console ones (e.g. `ip=…`, `nqvm.hostname=…`). */
  readonly cmdline?: readonly string[];
  /** QEMU network arguments, e.g. `['-netdev', 'tap,id=n0,ifname=tap0,script=no,downscript=no', '-device', 'virtio-net-device,netdev=n0']`. */
  readonly netdev?: readonly string[];
  /** Any further QEMU arguments (extra drives, devices). */
  readonly extraArgs?: readonly string[];
  /** Runs QEMU inside this namespace so its TAPs are reachable. */
  readonly netns?: TestNetns;
  /** Wait for the guest's readiness line before returning (default true). */
  readonly waitForReady?: boolean;
  readonly readyTimeoutMs?: number;
}

export interface TestGuest {
  readonly console: SerialConsole;
  readonly process: ChildProcess;
  /** Private scratch dir: the rootfs copy, the QMP socket. Put extra disks here. */
  readonly dir: string;
  readonly qmpSocket: string;
  /** Connects to QEMU's QMP socket (one client at a time; closed by stop()). */
  qmp(): Promise<QmpClient>;
  waitForReady(timeoutMs?: number): Promise<void>;
  /** Resolves with QEMU's exit code when it exits by itself (e.g. after the guest powers off). */
  waitForExit(timeoutMs?: number): Promise<number | null>;
  /** Kills QEMU if still running and removes the scratch dir. Safe to call twice. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts QEMU and (by default) waits until the guest shell is ready. Whatever happens, call
 * stop() (e.g. in `afterEach`/`finally`); if startup itself fails, everything is already cleaned up.
 */
export async function bootTestGuest(options: BootTestGuestOptions): Promise<TestGuest> {
  const scratch = await tempDir('nqvm-guest-');
  let guest: TestGuest | undefined;
  try {
    guest = await start(options, scratch);
    if (options.waitForReady ?? true) await guest.waitForReady(options.readyTimeoutMs);
    return guest;
  } catch (err) {
    if (guest) await guest.stop();
    else await scratch.cleanup();
    throw err;
  }
}

async function start(options: BootTestGuestOptions, scratch: TempDir): Promise<TestGuest> {
  const kernel = manifestItem(options.images, 'kernel').path;
  const initrd = manifestItem(options.images, 'initrd').path;
  const rootfs = join(scratch.path, 'rootfs.ext4');
  // Sparse and (where the filesystem can) reflinked: a 128 MiB image copies in milliseconds.
  await execFileAsync('cp', [
    '--sparse=always',
    '--reflink=auto',
    manifestItem(options.images, 'rootfs').path,
    rootfs,
  ]);
  const qmpSocket = join(scratch.path, 'qmp.sock');
  const timing = options.accel === 'kvm' ? [] : tcgKernelParams();
  const accel =
    options.accel === 'kvm'
      ? ['-accel', 'kvm', '-cpu', 'host']
      : ['-accel', 'tcg,thread=multi,tb-size=32', '-cpu', 'max'];
  const args = [
    ...['-M', 'microvm,acpi=on,rtc=on', ...accel, '-m', String(options.memMib ?? 256), '-smp', '1'],
    ...['-nodefaults', '-no-user-config', '-nographic', '-no-reboot', '-serial', 'stdio'],
    ...['-qmp', `unix:${qmpSocket},server=on,wait=off`],
    ...[
      '-kernel',
      kernel,
      '-initrd',
      initrd,
      '-append',
      guestKernelCmdline({ extra: [...timing, ...(options.cmdline ?? [])] }),
    ],
    ...['-drive', `id=root,file=${rootfs},format=raw,if=none`, '-device', 'virtio-blk-device,drive=root'],
    ...(options.netdev ?? []),
    ...(options.extraArgs ?? []),
  ];
  const spawnOptions = { stdio: ['pipe', 'pipe', 'pipe'] as ['pipe', 'pipe', 'pipe'] };
  const child = options.netns
    ? options.netns.spawn('qemu-system-x86_64', args, spawnOptions)
    : spawn('qemu-system-x86_64', args, spawnOptions);
  track(child);

  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.once('error', () => resolve(null));
  });
  const stdout = child.stdout;
  const stdin = child.stdin;
  if (!stdout || !stdin || !child.stderr) throw new Error('QEMU was started without pipes');
  // QEMU's own complaints (bad arguments, a busy image) belong in the same transcript.
  child.stderr.on('data', (chunk: Buffer) => stdout.emit('data', Buffer.from(`[qemu stderr] ${chunk}`)));
  stdin.on('error', () => {}); // Writing to a QEMU that just exited is not the test's failure.
  const console = createSerialConsole(stdout, stdin, { name: 'guest console' });

  let qmpClient: QmpClient | undefined;
  let stopped = false;
  return {
    console,
    process: child,
    dir: scratch.path,
    qmpSocket,
    async qmp() {
      qmpClient ??= await connectQmp(qmpSocket);
      return qmpClient;
    },
    async waitForReady(timeoutMs = 120_000) {
      await console.waitFor(GUEST_READY_LINE, { timeoutMs });
    },
    async waitForExit(timeoutMs = 60_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `QEMU still running after ${timeoutMs} ms; last console output:\n${console.transcript().slice(-2000)}`,
              ),
            ),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      qmpClient?.close();
      console.close();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await scratch.cleanup();
    },
  };
}

function track(child: ChildProcess): void {
  running.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test runner that dies mid-test must not leave QEMUs spinning on a 2-core machine.
  process.once('exit', () => {
    for (const proc of running) proc.kill('SIGKILL');
  });
}
