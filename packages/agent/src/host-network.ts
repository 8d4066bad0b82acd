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

  /**
   * Our MASQUERADE rules carry this comment, so a later agent can find and remove them (a host
   * may have other rules for the same subnet that are not ours to touch).
   */
  const natTag = `nqvm:${options.bridge}`;
  const natRule = (uplink: string, source = options.subnet.cidr) => [
    '-s',
    source,
    '-o',
    uplink,
    '-m',
    'comment',
    '--comment',
    natTag,
    '-j',
    'MASQUERADE',
  ];

  /** Our tagged rules in POSTROUTING (none when iptables is missing). */
  async function taggedRules(): Promise<Array<{ source: string; uplink: string }>> {
    let stdout: string;
    try {
      ({ stdout } = await inNs('iptables', '-t', 'nat', '-S', 'POSTROUTING'));
    } catch {
      return [];
    }
    return stdout
      .split('\n')
      .filter((line) => line.includes(natTag) && line.includes('MASQUERADE'))
      .map((line) => ({ source: /\s-s\s+(\S+)/.exec(line)?.[1], uplink: /\s-o\s+(\S+)/.exec(line)?.[1] }))
      .filter((r): r is { source: string; uplink: string } => !!r.source && !!r.uplink);
  }

  /**
   * Level-based: exactly one tagged rule to NQVM_NAT_UPLINK when NAT is on, none when it is off
   * (an agent restarted with NAT off, or with another uplink, drops the old rule).
   */
  async function syncNat(): Promise<void> {
    const uplink = options.natUplink;
    let kept = false;
    for (const rule of await taggedRules()) {
      if (!kept && rule.uplink === uplink && rule.source === options.subnet.cidr) {
        kept = true;
        continue;
      }
      await inNs('iptables', '-t', 'nat', '-D', 'POSTROUTING', ...natRule(rule.uplink, rule.source));
    }
    if (!uplink) return;
    await inNs('sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');
    if (!kept) await inNs('iptables', '-t', 'nat', '-A', 'POSTROUTING', ...natRule(uplink));
  }

  /**
   * Checked once per agent process, not before every VM start (four commands on the start path):
   * the bridge, its address and NAT follow from the config, which changes only with a restart.
   * A TAP that cannot join the bridge (someone deleted it) ensures it again.
   */
  let bridgeReady = false;

  /** Idempotent: creates what is missing, leaves what is there. */
  async function ensureBridge(): Promise<void> {
    if (bridgeReady) return;
    const { bridge, subnet } = options;
    if (!(await linkExists(bridge))) await ip('link', 'add', 'name', bridge, 'type', 'bridge');
    const { stdout } = await ip('-o', '-4', 'addr', 'show', 'dev', bridge);
    if (!stdout.includes(` ${subnet.bridgeIp}/`)) {
      await ip('addr', 'add', `${subnet.bridgeIp}/${subnet.prefix}`, 'dev', bridge);
    }
    await ip('link', 'set', 'dev', bridge, 'up');
    await syncNat();
    bridgeReady = true;
  }

  return {
    ensureBridge,
    syncNat,
    /** Two commands: add (an existing TAP is fine), then master and up in one `link set`. */
    async createTap(name: string): Promise<void> {
      await ip('tuntap', 'add', 'dev', name, 'mode', 'tap').catch(async (err: Error) => {
        if (!(await linkExists(name))) throw err;
      });
      const join = () => ip('link', 'set', 'dev', name, 'master', options.bridge, 'up');
      await join().catch(async () => {
        bridgeReady = false;
        await ensureBridge();
        await join();
      });
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
