// Finds VMM processes started for the warm pool by an earlier agent process (killed hard) by their command line.
import { readdir } from 'node:fs/promises';
import { readCmdline } from './proc-info.js';
import { signalVmm } from './vmm-process.js';

/** Pids whose `--api-sock` lies under `poolDir`: idle pool VMMs, or pooled VMMs a VM now runs in. */
export async function poolProcesses(poolDir: string): Promise<number[]> {
  const prefix = `${poolDir}/`;
  const out: number[] = [];
  for (const name of await readdir('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const argv = await readCmdline(pid);
    const i = argv?.indexOf('--api-sock') ?? -1;
    if (argv && i >= 0 && argv[i + 1]?.startsWith(prefix)) out.push(pid);
  }
  return out;
}

/**
 * Kills every pool process but those VMs run in (`keep`: the pids of adopted VMs, whose VMMs
 * came from an earlier pool and still name its slot). Each is its own process group (setsid).
 */
export async function killStalePoolProcesses(poolDir: string, keep: Set<number>): Promise<number[]> {
  const stale = (await poolProcesses(poolDir)).filter((pid) => !keep.has(pid));
  for (const pid of stale) {
    signalVmm(pid, 'SIGKILL');
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone, or it was its group's leader and the group kill took it.
    }
  }
  return stale;
}
