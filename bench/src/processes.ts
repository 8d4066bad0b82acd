// Starting the two sides of a comparison: an fc-vmm process driven over its API, and plain QEMU.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileAppears } from '@nqvm/core';
import { createFirecrackerClient, type FirecrackerClient } from '@nqvm/fc-api';
import { createSerialConsole, type SerialConsole } from '@nqvm/testkit';

const fcVmmBin = fileURLToPath(new URL('../../bin/fc-vmm', import.meta.url));

export interface RunningProcess {
  child: ChildProcess;
  console: SerialConsole;
  /** Kills the process (and QEMU under it) and waits until it is gone. */
  kill(): Promise<void>;
}

function wrap(child: ChildProcess, name: string): RunningProcess {
  if (!child.stdout || !child.stdin) throw new Error(`${name}: stdio not piped`);
  const console = createSerialConsole(child.stdout, child.stdin, { name, defaultTimeoutMs: 120_000 });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    console,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await gone;
      console.close();
    },
  };
}

export interface FcVmm extends RunningProcess {
  client: FirecrackerClient;
  socket: string;
}

/** `nsenter` into a network namespace (it execs, so the pid stays the command's). */
export function inNetns(ns: string): string[] {
  return ['nsenter', `--net=/run/netns/${ns}`, '--'];
}

function spawnWrapped(wrapper: string[], command: string, args: string[]): ChildProcess {
  const [bin, ...rest] = [...wrapper, command, ...args];
  return spawn(bin as string, rest, { stdio: ['pipe', 'pipe', 'ignore'] });
}

/**
 * Spawns `bin/fc-vmm` (under `wrapper`, e.g. inNetns()) and resolves once its API socket answers;
 * `readyMs` is spawn → first answer. The socket file's creation is watched (inotify) rather than
 * polled, so the clock is not blurred by a poll period or by failed connects competing for the CPU.
 */
export async function startFcVmm(
  dir: string,
  id: string,
  wrapper: string[] = [],
): Promise<FcVmm & { readyMs: number }> {
  const socket = join(dir, `${id}.sock`);
  const created = fileAppears(socket);
  const t0 = performance.now();
  const child = spawnWrapped(wrapper, fcVmmBin, ['--api-sock', socket, '--id', id]);
  const proc = wrap(child, `fc-vmm ${id}`);
  const client = createFirecrackerClient(socket, { timeoutMs: 60_000 });
  try {
    while (!existsSync(socket)) {
      if (child.exitCode !== null) throw new Error(`fc-vmm ${id} exited before creating its API socket`);
      await created.wait(50);
    }
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`fc-vmm ${id} exited with ${child.exitCode} before its socket answered`);
      // The file appears at bind(); listen() follows in the same tick of fc-vmm's event loop.
      const res = await client.raw('GET', '/').catch(() => undefined);
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 1));
    }
  } catch (err) {
    client.close();
    await proc.kill();
    throw err;
  } finally {
    created.close();
  }
  const readyMs = performance.now() - t0;
  const kill = async () => {
    client.close();
    await proc.kill();
  };
  return { ...proc, client, socket, readyMs, kill };
}

export function startPlainQemu(args: string[], name = 'qemu', wrapper: string[] = []): RunningProcess {
  return wrap(spawnWrapped(wrapper, 'qemu-system-x86_64', args), name);
}

/** The argv of the QEMU process fc-vmm started, read from /proc: the exact same command line. */
export function qemuArgvOf(parentPid: number): string[] {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv[0]?.includes('qemu-system')) return argv.slice(1);
    } catch {
      // The process went away while we looked.
    }
  }
  throw new Error(`no QEMU child of pid ${parentPid}`);
}

/**
 * Turns fc-vmm's QEMU command line into a plain one: no `-S` (fc-vmm starts paused, then sends
 * `cont`), and private paths for the QMP socket and the RAM file so both can run in turn.
 */
export function plainQemuArgs(fcArgs: string[], dir: string, tag: string): string[] {
  return fcArgs
    .filter((a) => a !== '-S')
    .map((a) =>
      a
        .replace(/unix:[^,]+qmp\.sock/, `unix:${join(dir, `${tag}-qmp.sock`)}`)
        .replace(/mem-path=[^,]+/, `mem-path=${join('/dev/shm', `nqvm-bench-${process.pid}-${tag}.ram`)}`),
    );
}

/**
 * A restore's command line: the boot one without -kernel, -initrd and -append. The migration
 * stream brings the guest's memory, so loading the kernel again only slows QEMU's start (fc-vmm
 * leaves them out too).
 */
export function incomingArgs(bootArgs: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < bootArgs.length; i++) {
    if (['-kernel', '-initrd', '-append'].includes(bootArgs[i] as string)) i++;
    else out.push(bootArgs[i] as string);
  }
  return out;
}
