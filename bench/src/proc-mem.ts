// Memory of a process as the kernel accounts it: RSS (shared pages counted in full), PSS (shared pages split), USS (its own pages only).
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcMem {
  rssMiB: number;
  pssMiB: number;
  /** Private pages only: what the machine gets back when this process exits. */
  ussMiB: number;
}

const MiB = 1024 * 1024;

/** From /proc/<pid>/smaps_rollup (kB figures). */
export function procMem(pid: number): ProcMem {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  const mib = (k: number) => (k * 1024) / MiB;
  return {
    rssMiB: mib(kb('Rss')),
    pssMiB: mib(kb('Pss')),
    ussMiB: mib(kb('Private_Clean') + kb('Private_Dirty')),
  };
}

/** Pids whose parent is `ppid` (e.g. the QEMU an fc-vmm started). */
export function childPids(ppid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return out;
}
