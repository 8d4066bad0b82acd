// Per-VM cgroup v2 (`<root>/nqvm/<id>`) with limits from the VM size; skipped where v2 is not writable.
import { access, constants, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from './logger.js';

/** QEMU under TCG needs ~200 MB beyond guest memory (HOST-NOTES), plus the VMM's own runtime. */
export const VMM_MEMORY_OVERHEAD_MIB = 512;
const CPU_PERIOD_US = 100_000;

export interface VmLimits {
  vcpu: number;
  mem_mib: number;
}

export type Cgroups = ReturnType<typeof createCgroups>;

export function createCgroups(root: string, log: Logger) {
  const parent = join(root, 'nqvm');
  let usable: Promise<boolean> | undefined;

  async function enableControllers(dir: string): Promise<void> {
    await writeFile(join(dir, 'cgroup.subtree_control'), '+memory +cpu');
  }

  async function probe(): Promise<boolean> {
    try {
      const controllers = await readFile(join(root, 'cgroup.controllers'), 'utf8');
      if (!/\bmemory\b/.test(controllers) || !/\bcpu\b/.test(controllers)) throw new Error('no memory/cpu');
      await access(root, constants.W_OK);
      await enableControllers(root);
      await mkdir(parent, { recursive: true });
      await enableControllers(parent);
      return true;
    } catch (err) {
      log.info(
        { root, reason: (err as Error).message },
        'cgroup v2 not writable here: VMs run without limits',
      );
      return false;
    }
  }

  return {
    path: (id: string) => join(parent, id),
    /** Creates the VM's cgroup and returns its path, or undefined where cgroups are unavailable. */
    async create(id: string, limits: VmLimits): Promise<string | undefined> {
      usable ??= probe();
      if (!(await usable)) return undefined;
      const dir = join(parent, id);
      await mkdir(dir, { recursive: true });
      const memBytes = (limits.mem_mib + VMM_MEMORY_OVERHEAD_MIB) * 1024 * 1024;
      await writeFile(join(dir, 'memory.max'), String(memBytes));
      await writeFile(join(dir, 'cpu.max'), `${limits.vcpu * CPU_PERIOD_US} ${CPU_PERIOD_US}`);
      return dir;
    },
    async addProcess(dir: string, pid: number): Promise<void> {
      await writeFile(join(dir, 'cgroup.procs'), String(pid));
    },
    /** Removes a VM's cgroup once its processes are gone; a missing one is fine. */
    async remove(id: string): Promise<void> {
      try {
        await rmdir(join(parent, id));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') log.warn({ id, code }, 'could not remove VM cgroup');
      }
    },
  };
}
