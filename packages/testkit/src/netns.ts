// Throwaway network namespaces with a bridge, so guests get a network that reaches nothing else.
import { type ChildProcess, execFile, type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TestNetns {
  readonly name: string;
  readonly bridge: string;
  /** The bridge's address in the namespace, e.g. `192.168.213.1`. */
  readonly bridgeAddress: string;
  readonly prefixLength: number;
  /** Netmask in dotted form, for the guest's `ip=`. */
  readonly netmask: string;
  /** `<subnet>.<host>`: an address for a guest. */
  address(host: number): string;
  /** Creates a TAP device in the namespace, attached to the bridge and up. */
  createTap(name?: string): Promise<string>;
  /** Runs a command in the namespace; never rejects on a non-zero exit (see `code`). */
  exec(command: string, args?: readonly string[], options?: { timeoutMs?: number }): Promise<ExecResult>;
  /** Starts a long-running process in the namespace (e.g. QEMU). */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
  /** Deletes the namespace and, with it, its bridge and TAPs. Safe to call twice. */
  destroy(): Promise<void>;
}

export interface CreateNetnsOptions {
  /** The first three octets of the /24 inside the namespace; it is private to the namespace. */
  readonly subnet?: string;
}

const live = new Set<string>();

/** Needs root (CAP_NET_ADMIN). The namespace has no route out: tests cannot leak traffic. */
export async function createNetns(options: CreateNetnsOptions = {}): Promise<TestNetns> {
  const name = `nqvmt-${randomBytes(4).toString('hex')}`;
  const subnet = options.subnet ?? '192.168.213';
  const bridge = 'br0';
  const bridgeAddress = `${subnet}.1`;
  await ip(['netns', 'add', name]);
  live.add(name);
  installExitHook();
  try {
    await ip(['-n', name, 'link', 'set', 'lo', 'up']);
    await ip(['-n', name, 'link', 'add', bridge, 'type', 'bridge']);
    await ip(['-n', name, 'addr', 'add', `${bridgeAddress}/24`, 'dev', bridge]);
    await ip(['-n', name, 'link', 'set', bridge, 'up']);
  } catch (err) {
    await destroy();
    throw err;
  }
  let taps = 0;

  async function destroy(): Promise<void> {
    if (!live.delete(name)) return;
    await ip(['netns', 'del', name]).catch(() => {});
  }

  return {
    name,
    bridge,
    bridgeAddress,
    prefixLength: 24,
    netmask: '255.255.255.0',
    address: (host) => `${subnet}.${host}`,
    async createTap(tapName = `tap${taps++}`) {
      await ip(['-n', name, 'tuntap', 'add', 'dev', tapName, 'mode', 'tap']);
      await ip(['-n', name, 'link', 'set', tapName, 'master', bridge]);
      await ip(['-n', name, 'link', 'set', tapName, 'up']);
      return tapName;
    },
    async exec(command, args = [], execOptions = {}) {
      try {
        const { stdout, stderr } = await execFileAsync('ip', ['netns', 'exec', name, command, ...args], {
          timeout: execOptions.timeoutMs ?? 30_000,
        });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
        return {
          code: typeof e.code === 'number' ? e.code : -1,
          stdout: e.stdout ?? '',
          stderr: e.stderr ?? e.message,
        };
      }
    },
    spawn(command, args, spawnOptions = {}) {
      return spawn('ip', ['netns', 'exec', name, command, ...args], spawnOptions);
    },
    destroy,
  };
}

async function ip(args: readonly string[]): Promise<void> {
  try {
    await execFileAsync('ip', [...args]);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`ip ${args.join(' ')} failed: ${stderr || (err as Error).message}`);
  }
}

let hooked = false;
function installExitHook(): void {
  if (hooked) return;
  hooked = true;
  // A crashed test must not leave namespaces behind on a shared machine.
  process.once('exit', () => {
    for (const name of live) spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  });
}
