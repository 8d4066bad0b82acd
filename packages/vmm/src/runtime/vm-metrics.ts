// Firecracker-shaped metric groups from QEMU block stats and the TAP's kernel counters.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { MetricGroups } from '../backend.js';
import type { NetRelays } from '../net/net-relays.js';
import { ids } from '../qemu/qemu-args.js';
import type { QmpClient } from '../qemu/qmp-client.js';
import type { VmResources } from '../vm-resources.js';

const run = promisify(execFile);

interface BlockStats {
  qdev?: string;
  device?: string;
  stats: {
    rd_bytes: number;
    wr_bytes: number;
    rd_operations: number;
    wr_operations: number;
    flush_operations: number;
  };
}

export async function collectMetrics(
  qmp: QmpClient,
  resources: VmResources,
  relays: Pick<NetRelays, 'stats'>,
  netns?: string,
): Promise<MetricGroups> {
  const groups: MetricGroups = {};
  const stats = await qmp.execute<BlockStats[]>('query-blockstats').catch(() => []);
  const total: Record<string, number> = {
    read_bytes: 0,
    write_bytes: 0,
    read_count: 0,
    write_count: 0,
    flush_count: 0,
  };
  for (const d of resources.drives) {
    const s = stats.find((b) => b.qdev?.includes(ids.blk(d.drive_id)))?.stats;
    if (!s) continue;
    const g = {
      read_bytes: s.rd_bytes,
      write_bytes: s.wr_bytes,
      read_count: s.rd_operations,
      write_count: s.wr_operations,
      flush_count: s.flush_operations,
    };
    groups[`block_${d.drive_id}`] = g;
    for (const [k, v] of Object.entries(g)) total[k] = (total[k] ?? 0) + v;
  }
  groups.block = total;
  const net: Record<string, number> = {
    rx_bytes_count: 0,
    tx_bytes_count: 0,
    rx_packets_count: 0,
    tx_packets_count: 0,
    rx_rate_limiter_throttled: 0,
    tx_rate_limiter_throttled: 0,
    rx_rate_limiter_dropped: 0,
    tx_rate_limiter_dropped: 0,
  };
  for (const n of resources.networkInterfaces) {
    const t = await tapStats(n.host_dev_name, netns);
    // The TAP's receive side is what the guest sent, and the other way round.
    const g = {
      rx_bytes_count: t.tx_bytes,
      tx_bytes_count: t.rx_bytes,
      rx_packets_count: t.tx_packets,
      tx_packets_count: t.rx_packets,
      ...relays.stats(n.iface_id),
    };
    groups[`net_${n.iface_id}`] = g;
    for (const [k, v] of Object.entries(g)) net[k] = (net[k] ?? 0) + v;
  }
  groups.net = net;
  groups.vcpu = { count: resources.machineConfig.vcpu_count };
  groups.vmm = { panic_count: 0 };
  return groups;
}

const COUNTERS = ['rx_bytes', 'tx_bytes', 'rx_packets', 'tx_packets'] as const;

async function tapStats(tap: string, netns?: string): Promise<Record<(typeof COUNTERS)[number], number>> {
  const out = { rx_bytes: 0, tx_bytes: 0, rx_packets: 0, tx_packets: 0 };
  for (const c of COUNTERS) {
    const path = `/sys/class/net/${tap}/statistics/${c}`;
    try {
      const text = netns
        ? (await run('ip', ['netns', 'exec', netns, 'cat', path])).stdout
        : await readFile(path, 'utf8');
      out[c] = Number(text.trim());
    } catch {
      // A TAP that vanished reports zeros rather than failing the whole flush.
    }
  }
  return out;
}
