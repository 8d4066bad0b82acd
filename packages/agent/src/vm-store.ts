// The VM repository: one `vm.json` per VM directory, read and written atomically.
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { readJsonFile, writeJsonFile } from './json-file.js';
import type { AgentPaths } from './vm-paths.js';
import type { VmRecord } from './vm-types.js';

export type VmStore = ReturnType<typeof createVmStore>;

export function createVmStore(paths: AgentPaths) {
  return {
    /** The VM's directory, private to the agent's user (it holds the API socket and guest memory). */
    async ensureDir(id: string): Promise<void> {
      const { dir } = paths.vm(id);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
    },
    load: (id: string) => readJsonFile<VmRecord>(paths.vm(id).record),
    save: (record: VmRecord) => writeJsonFile(paths.vm(record.id).record, record),
    /** Every directory under vms/, including leftovers without a record; dot dirs (the VMM pool) are no VMs. */
    async listDirs(): Promise<string[]> {
      try {
        const entries = await readdir(paths.vmsDir, { withFileTypes: true });
        return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
    removeDir: (id: string) => rm(paths.vm(id).dir, { recursive: true, force: true }),
  };
}
