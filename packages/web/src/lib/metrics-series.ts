// Turns the manager's metric samples into chart points: CPU %, memory, and block/network bytes per sample.
import type { MetricSample } from '@nqvm/client';

export interface MetricPoint {
  t: string;
  cpu: number | null;
  memMib: number | null;
  blockRead: number;
  blockWrite: number;
  netRx: number;
  netTx: number;
}

type Groups = Record<string, Record<string, number> | undefined>;

/** Firecracker's counters per group ("block", "net", or per device "block_rootfs", "net_eth0"). */
function sumGroups(groups: Groups, prefix: string, field: string): number {
  const own = groups[prefix]?.[field];
  if (typeof own === 'number') return own;
  let total = 0;
  for (const [name, values] of Object.entries(groups)) {
    if (name.startsWith(`${prefix}_`) && typeof values?.[field] === 'number') total += values[field];
  }
  return total;
}

export function toMetricPoints(samples: readonly MetricSample[]): MetricPoint[] {
  return [...samples]
    .sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts))
    .map((s) => {
      const groups = ((s.data?.firecracker as Groups | undefined) ?? {}) as Groups;
      return {
        t: new Date(s.ts).toLocaleTimeString(),
        cpu: s.cpu_pct,
        memMib: s.rss_bytes === null ? null : Math.round((s.rss_bytes / 1024 / 1024) * 10) / 10,
        blockRead: sumGroups(groups, 'block', 'read_bytes'),
        blockWrite: sumGroups(groups, 'block', 'write_bytes'),
        netRx: sumGroups(groups, 'net', 'rx_bytes_count'),
        netTx: sumGroups(groups, 'net', 'tx_bytes_count'),
      };
    });
}
