// Per-VM cgroups with limits from the VM size: cgroup v2 where usable, else the v1 memory and cpu controllers.
import { access, constants, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from './logger.js';

/** QEMU under TCG needs ~200 MB beyond guest memory (HOST-NOTES), plus the VMM's own runtime. */
export const VMM_MEMORY_OVERHEAD_MIB = 512;
const CPU_PERIOD_US = 100_000;
/** A VMM's processes leave its cgroup a moment after the group leader's exit is seen. */
const EMPTY_WAIT_MS = 5_000;

export interface VmLimits {
  vcpu: number;
  mem_mib: number;
}

export interface CgroupOptions {
  /** The parent group's name under each hierarchy (tests use their own). */
  name?: string;
  /** Text of /proc/self/cgroup: v1 groups nest under the agent's own group per controller. */
  selfCgroup?: string;
}

type Layout = { kind: 'v2'; parent: string } | { kind: 'v1'; memory: string; cpu: string } | { kind: 'none' };

export type Cgroups = ReturnType<typeof createCgroups>;

export const memoryLimitBytes = (limits: VmLimits) =>
  (limits.mem_mib + VMM_MEMORY_OVERHEAD_MIB) * 1024 * 1024;
export const cpuQuotaUs = (limits: VmLimits) => limits.vcpu * CPU_PERIOD_US;

export function createCgroups(root: string, log: Logger, options: CgroupOptions = {}) {
  const name = options.name ?? 'nqvm';
  let layout: Promise<Layout> | undefined;

  async function probeV2(): Promise<Layout> {
    const controllers = await readFile(join(root, 'cgroup.controllers'), 'utf8');
    if (!/\bmemory\b/.test(controllers) || !/\bcpu\b/.test(controllers))
      throw new Error('no memory/cpu in v2');
    await access(root, constants.W_OK);
    const parent = join(root, name);
    await writeFile(join(root, 'cgroup.subtree_control'), '+memory +cpu');
    await mkdir(parent, { recursive: true });
    await writeFile(join(parent, 'cgroup.subtree_control'), '+memory +cpu');
    return { kind: 'v2', parent };
  }

  /**
   * v1 (the hybrid layout): `<root>/<ctrl>/<agent's own group>/<name>`. Nesting under the
   * agent's group keeps VMMs inside whatever limits the agent itself runs under; for an agent
   * in the root group that is `<root>/<ctrl>/nqvm`.
   */
  async function probeV1(): Promise<Layout> {
    const self = options.selfCgroup ?? (await readFile('/proc/self/cgroup', 'utf8'));
    const dirFor = async (ctrl: string, file: string) => {
      await access(join(root, ctrl, file), constants.W_OK);
      const parent = join(root, ctrl, ownGroup(self, ctrl), name);
      await mkdir(parent, { recursive: true });
      return parent;
    };
    return {
      kind: 'v1',
      memory: await dirFor('memory', 'memory.limit_in_bytes'),
      cpu: await dirFor('cpu', 'cpu.cfs_quota_us'),
    };
  }

  async function probe(): Promise<Layout> {
    const reasons: string[] = [];
    for (const attempt of [probeV2, probeV1]) {
      try {
        const found = await attempt();
        log.info({ cgroups: found }, 'per-VM cgroups enabled');
        return found;
      } catch (err) {
        reasons.push((err as Error).message);
      }
    }
    log.info({ root, reasons }, 'no writable cgroup memory/cpu controllers: VMs run without limits');
    return { kind: 'none' };
  }

  const getLayout = (): Promise<Layout> => {
    layout ??= probe();
    return layout;
  };

  const dirs = (l: Layout, id: string): string[] =>
    l.kind === 'v2' ? [join(l.parent, id)] : l.kind === 'v1' ? [join(l.memory, id), join(l.cpu, id)] : [];

  async function removeDir(dir: string): Promise<void> {
    const deadline = Date.now() + EMPTY_WAIT_MS;
    for (;;) {
      try {
        await rmdir(dir);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return;
        if (code !== 'EBUSY' || Date.now() > deadline) {
          log.warn({ dir, code }, 'could not remove VM cgroup');
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  return {
    /** The VM's cgroup directories (one for v2, memory and cpu for v1, none without cgroups). */
    async paths(id: string): Promise<string[]> {
      return dirs(await getLayout(), id);
    },
    /** Creates the VM's groups with its limits; an empty list where cgroups are unavailable. */
    async create(id: string, limits: VmLimits): Promise<string[]> {
      const l = await getLayout();
      if (l.kind === 'none') return [];
      const [first, second] = dirs(l, id) as [string, string?];
      for (const dir of dirs(l, id)) await mkdir(dir, { recursive: true });
      if (l.kind === 'v2') {
        await writeFile(join(first, 'memory.max'), String(memoryLimitBytes(limits)));
        await writeFile(join(first, 'cpu.max'), `${cpuQuotaUs(limits)} ${CPU_PERIOD_US}`);
      } else {
        await writeFile(join(first, 'memory.limit_in_bytes'), String(memoryLimitBytes(limits)));
        await writeFile(join(second as string, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
        await writeFile(join(second as string, 'cpu.cfs_quota_us'), String(cpuQuotaUs(limits)));
      }
      return dirs(l, id);
    },
    /** Removes the (empty) parent groups: for tests and uninstalls; VMs' groups must be gone. */
    async removeParents(): Promise<void> {
      const l = await getLayout();
      const parents = l.kind === 'v2' ? [l.parent] : l.kind === 'v1' ? [l.memory, l.cpu] : [];
      for (const dir of parents) await rmdir(dir).catch(() => undefined);
    },
    async addProcess(groups: string[], pid: number): Promise<void> {
      for (const dir of groups) await writeFile(join(dir, 'cgroup.procs'), String(pid));
    },
    /**
     * Removes a VM's groups once its VMM is gone. Anything still in them (a QEMU that outlived
     * a SIGKILLed fc-vmm) is killed first: nothing else runs there. `recorded` are the groups
     * made at its start (a restarted agent may sit in another v1 group).
     */
    async remove(id: string, recorded: string[] = []): Promise<void> {
      const all = [...new Set([...recorded, ...dirs(await getLayout(), id)])];
      for (const dir of all) {
        for (const pid of await readPids(dir)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
      for (const dir of all) await removeDir(dir);
    },
  };
}

async function readPids(dir: string): Promise<number[]> {
  const text = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map(Number);
}

/** The agent's own group for a v1 controller, from /proc/self/cgroup (`4:memory:/a/b`). */
function ownGroup(selfCgroup: string, ctrl: string): string {
  for (const line of selfCgroup.split('\n')) {
    const [, controllers = '', path = '/'] = line.split(':');
    if (controllers.split(',').includes(ctrl)) return path.replace(/^\/+/, '');
  }
  return '';
}
