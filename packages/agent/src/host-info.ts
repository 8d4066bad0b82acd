// What this host offers and uses: capacity for scheduling, usage from the VMs, the VMM's version.
import { execFile } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import type { AgentCapacity, AgentUsage } from '@nqvm/core';
import { allocatedBytes } from './disk-files.js';
import type { AgentPaths } from './vm-paths.js';
import type { VmRecord } from './vm-types.js';

export async function hostCapacity(dataDir: string): Promise<AgentCapacity> {
  let disk = 0;
  try {
    const fs = await statfs(dataDir);
    disk = fs.blocks * fs.bsize;
  } catch {
    // A data dir not created yet has no filesystem to ask about.
  }
  return { vcpus: availableParallelism(), mem_mib: Math.floor(totalmem() / 1024 / 1024), disk_bytes: disk };
}

/** vCPUs and memory count for VMs that hold them (running, paused, starting); disks count always. */
export async function hostUsage(paths: AgentPaths, records: VmRecord[]): Promise<AgentUsage> {
  const usage: AgentUsage = { vcpus: 0, mem_mib: 0, disk_bytes: 0, running_vms: 0 };
  for (const r of records) {
    if (r.pid !== undefined) {
      usage.vcpus += r.spec.vcpu;
      usage.mem_mib += r.spec.mem_mib;
      usage.running_vms += 1;
    }
    for (const d of r.drives)
      usage.disk_bytes += await allocatedBytes(join(paths.vm(r.id).dir, d.path)).catch(() => 0);
  }
  return usage;
}

/** `<vmm> --version`, asked once; Firecracker and fc-vmm both answer it. */
export function createVmmVersion(vmmPath: string) {
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= new Promise((resolve) => {
      execFile(vmmPath, ['--version'], { timeout: 5_000 }, (err, stdout) => {
        resolve(err ? 'unknown' : stdout.trim().split('\n')[0] || 'unknown');
      });
    });
    return cached;
  };
}
