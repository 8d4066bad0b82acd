// Runs one QEMU child: console wiring, stderr capture, and an exit verdict Firecracker-style.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import type { VmExit, VmmContext } from '../backend.js';
import { qemuErrors } from './qemu-errors.js';

export interface QemuProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<VmExit>;
  /** Why the guest asked to stop (from QMP SHUTDOWN), to tell a power-off from a crash. */
  noteShutdown(reason: string): void;
  /** Marks the coming exit as requested by us (kill()), so it is not reported as a crash. */
  expectExit(): void;
  stderrTail(): string;
}

export interface SpawnQemuOptions {
  binary: string;
  args: string[];
  ctx: VmmContext;
  /** Firecracker's serial_out_path: the guest console goes to this file instead of stdout. */
  serialOutPath?: string;
  /** Runs QEMU in this network namespace (tests; production runs fc-vmm inside it already). */
  netns?: string;
}

export function spawnQemu(opts: SpawnQemuOptions): QemuProcess {
  // QEMU must not outlive fc-vmm, even when fc-vmm is SIGKILLed: setpriv sets the parent-death
  // signal and then execs QEMU (same pid), as Firecracker's VM dies with its process.
  const qemu = hasSetpriv() ? ['setpriv', '--pdeathsig', 'SIGKILL', '--', opts.binary] : [opts.binary];
  const full = opts.netns ? ['ip', 'netns', 'exec', opts.netns, ...qemu] : qemu;
  const [cmd = opts.binary, ...argv] = [...full, ...opts.args];
  const child = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let shutdownReason: string | undefined;
  let requested = false;

  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const out = opts.serialOutPath
    ? createWriteStream(opts.serialOutPath, { flags: 'a' })
    : opts.ctx.consoleOut;
  child.stdout?.pipe(out, { end: false });
  const onInput = (chunk: Buffer | string) => child.stdin?.write(chunk);
  opts.ctx.consoleIn.on('data', onInput);
  child.stdin?.on('error', () => {});

  const exited = new Promise<VmExit>((resolve) => {
    child.once('error', (err) => {
      resolve({ code: 1, reason: qemuErrors.QEMU_START({ reason: err.message }).message });
    });
    child.once('exit', (code, signal) => {
      opts.ctx.consoleIn.off('data', onInput);
      child.stdout?.unpipe(out);
      if (out !== opts.ctx.consoleOut) (out as NodeJS.WritableStream).end();
      resolve(verdict(code, signal));
    });
  });

  function verdict(code: number | null, signal: NodeJS.Signals | null): VmExit {
    if (requested) return { code: 0, reason: 'stopped by fc-vmm' };
    if (signal) return { code: 128 + signalNumber(signal), reason: `QEMU killed by ${signal}` };
    if (code === 0 && shutdownReason === 'guest-panic') return { code: 1, reason: 'guest kernel panic' };
    if (code === 0) return { code: 0, reason: `guest ${shutdownReason ?? 'shutdown'}` };
    return { code: code ?? 1, reason: `QEMU exited with ${code}: ${stderr.trim().split('\n').pop() ?? ''}` };
  }

  return {
    child,
    pid: child.pid ?? -1,
    exited,
    noteShutdown: (reason) => {
      shutdownReason = reason;
    },
    expectExit: () => {
      requested = true;
    },
    stderrTail: () => stderr,
  };
}

function signalNumber(signal: NodeJS.Signals): number {
  const table: Partial<Record<NodeJS.Signals, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGKILL: 9,
    SIGSEGV: 11,
    SIGTERM: 15,
    SIGABRT: 6,
  };
  return table[signal] ?? 1;
}

let setprivAvailable: boolean | undefined;

/** setpriv (util-linux, present on every Debian) is how we set PR_SET_PDEATHSIG from Node. */
function hasSetpriv(): boolean {
  setprivAvailable ??= ['/usr/bin/setpriv', '/bin/setpriv'].some((p) => existsSync(p));
  return setprivAvailable;
}
