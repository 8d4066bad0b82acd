// Per-VM metrics: the VMM's Firecracker metrics file plus CPU% and RSS of its process tree from /proc.
import type { AgentVmMetrics } from '@nqvm/core';
import { readLastLines } from './capped-log.js';
import { treeUsage } from './proc-info.js';
import type { AgentPaths } from './vm-paths.js';
import type { VmRecord } from './vm-types.js';

export type FirecrackerGroups = AgentVmMetrics['firecracker'];

/** Firecracker appends one JSON object per flush; the last complete line is the current one. */
export async function readFirecrackerMetrics(path: string): Promise<FirecrackerGroups> {
  const lines = await readLastLines(path, 4, 1024 * 1024);
  for (const line of lines.reverse()) {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      const groups: FirecrackerGroups = {};
      for (const [group, values] of Object.entries(parsed)) {
        if (!values || typeof values !== 'object') continue;
        const numeric = Object.entries(values as Record<string, unknown>).filter(
          (e): e is [string, number] => typeof e[1] === 'number',
        );
        groups[group] = Object.fromEntries(numeric);
      }
      return groups;
    } catch {
      // A line cut by rotation or still being written: try the one before.
    }
  }
  return {};
}

export type VmMetrics = ReturnType<typeof createVmMetrics>;

export function createVmMetrics(paths: AgentPaths) {
  // CPU% is a rate: it needs the previous reading of the same process.
  const previous = new Map<string, { pid: number; at: number; cpuSeconds: number }>();

  return {
    async sample(record: VmRecord): Promise<AgentVmMetrics> {
      const now = Date.now();
      const firecracker = await readFirecrackerMetrics(paths.vm(record.id).metrics);
      if (record.pid === undefined) {
        previous.delete(record.id);
        return { ts: new Date(now).toISOString(), cpu_pct: 0, rss_bytes: 0, firecracker };
      }
      const usage = await treeUsage(record.pid);
      const prev = previous.get(record.id);
      const base =
        prev && prev.pid === record.pid
          ? prev
          : { at: record.started_at ? Date.parse(record.started_at) : now, cpuSeconds: 0 };
      const wall = (now - base.at) / 1000;
      const cpu_pct = wall > 0 ? Math.max(0, ((usage.cpuSeconds - base.cpuSeconds) / wall) * 100) : 0;
      previous.set(record.id, { pid: record.pid, at: now, cpuSeconds: usage.cpuSeconds });
      return {
        ts: new Date(now).toISOString(),
        cpu_pct: Math.round(cpu_pct * 10) / 10,
        rss_bytes: usage.rssBytes,
        firecracker,
      };
    },
    forget: (id: string) => previous.delete(id),
  };
}
