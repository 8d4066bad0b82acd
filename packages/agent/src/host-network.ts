// The host side of guest networking: one bridge, a TAP per NIC, optional NAT; all through `ip`.
import type { Logger } from './logger.js';
import { TAP_PREFIX } from './nic-identity.js';
import { type RunCommand, runCommand } from './run-command.js';
import type { Subnet } from './subnet.js';

export interface HostNetworkOptions {
  bridge: string;
  subnet: Subnet;
  natUplink?: string;
  /** Run everything inside this network namespace (tests always do). */
  netns?: string;
  log: Logger;
  run?: RunCommand;
}

export type HostNetwork = ReturnType<typeof createHostNetwork>;

export function createHostNetwork(options: HostNetworkOptions) {
  const run = options.run ?? runCommand;
  const ns = options.netns ? ['-n', options.netns] : [];
  const ip = (...args: string[]) => run('ip', [...ns, ...args]);
  /** Commands other than `ip` enter the namespace through `ip netns exec`. */
  const inNs = (cmd: string, ...args: string[]) =>
    options.netns ? run('ip', ['netns', 'exec', options.netns, cmd, ...args]) : run(cmd, args);

  async function linkExists(name: string): Promise<boolean> {
    try {
      await ip('link', 'show', 'dev', name);
      return true;
    } catch {
      return false;
    }
  }

  async function ensureNat(): Promise<void> {
    const uplink = options.natUplink;
    if (!uplink) return;
    await inNs('sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');
    const rule = ['-t', 'nat', 'POSTROUTING', '-s', options.subnet.cidr, '-o', uplink, '-j', 'MASQUERADE'];
    try {
      await inNs('iptables', '-C', ...rule);
    } catch {
      await inNs('iptables', '-A', ...rule);
    }
  }

  return {
    /** Idempotent: creates what is missing, leaves what is there. */
    async ensureBridge(): Promise<void> {
      const { bridge, subnet } = options;
      if (!(await linkExists(bridge))) await ip('link', 'add', 'name', bridge, 'type', 'bridge');
      const { stdout } = await ip('-o', '-4', 'addr', 'show', 'dev', bridge);
      if (!stdout.includes(` ${subnet.bridgeIp}/`)) {
        await ip('addr', 'add', `${subnet.bridgeIp}/${subnet.prefix}`, 'dev', bridge);
      }
      await ip('link', 'set', 'dev', bridge, 'up');
      await ensureNat();
    },
    async createTap(name: string): Promise<void> {
      if (!(await linkExists(name))) await ip('tuntap', 'add', 'dev', name, 'mode', 'tap');
      await ip('link', 'set', 'dev', name, 'master', options.bridge);
      await ip('link', 'set', 'dev', name, 'up');
    },
    async deleteTap(name: string): Promise<void> {
      if (await linkExists(name)) await ip('link', 'del', 'dev', name);
    },
    /** TAPs this agent made (by prefix), to find leftovers of deleted VMs. */
    async listTaps(): Promise<string[]> {
      const { stdout } = await ip('-o', 'link', 'show');
      const names = [...stdout.matchAll(/^\d+:\s+([^:@\s]+)/gm)].map((m) => m[1] ?? '');
      return names.filter((n) => n.startsWith(TAP_PREFIX));
    },
  };
}
