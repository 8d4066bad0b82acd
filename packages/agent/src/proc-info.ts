// Reads /proc: is a pid alive, what is its command line, how much CPU and memory its tree uses.
import { readdir, readFile } from 'node:fs/promises';

const CLOCK_TICKS = 100; // USER_HZ on Linux x86_64

async function readProc(pid: number, file: string): Promise<string | undefined> {
  try {
    return await readFile(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

interface StatFields {
  state: string;
  ppid: number;
  cpuTicks: number;
  startTicks: number;
}

/** Fields of /proc/<pid>/stat after the command name (which may itself contain spaces). */
async function readStat(pid: number): Promise<StatFields | undefined> {
  const text = await readProc(pid, 'stat');
  if (!text) return undefined;
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    state: rest[0] ?? '?',
    ppid: Number(rest[1]),
    cpuTicks: Number(rest[11]) + Number(rest[12]),
    startTicks: Number(rest[19]),
  };
}

/** Alive means it exists and is not a zombie waiting to be reaped. */
export async function isAlive(pid: number): Promise<boolean> {
  const stat = await readStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

export async function readCmdline(pid: number): Promise<string[] | undefined> {
  const text = await readProc(pid, 'cmdline');
  return text === undefined ? undefined : text.split('\0').filter((s) => s.length > 0);
}

/** The pid plus every descendant (fc-vmm runs QEMU as its child). */
export async function processTree(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const name of await readdir('/proc')) {
    const child = Number(name);
    if (!Number.isInteger(child)) continue;
    const stat = await readStat(child);
    if (!stat) continue;
    parents.set(stat.ppid, [...(parents.get(stat.ppid) ?? []), child]);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    out.push(next);
    queue.push(...(parents.get(next) ?? []));
  }
  return out;
}

export interface TreeUsage {
  cpuSeconds: number;
  rssBytes: number;
}

export async function treeUsage(pid: number): Promise<TreeUsage> {
  let cpuTicks = 0;
  let rssBytes = 0;
  for (const p of await processTree(pid)) {
    const stat = await readStat(p);
    if (stat) cpuTicks += stat.cpuTicks;
    const status = await readProc(p, 'status');
    const rss = status?.match(/^VmRSS:\s+(\d+) kB/m);
    if (rss?.[1]) rssBytes += Number(rss[1]) * 1024;
  }
  return { cpuSeconds: cpuTicks / CLOCK_TICKS, rssBytes };
}
