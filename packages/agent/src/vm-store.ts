// The VM repository: one `vm.json` per VM directory, read and written atomically.
import { readdir, rm } from 'node:fs/promises';
import { readJsonFile, writeJsonFile } from './json-file.js';
import type { AgentPaths } from './vm-paths.js';
import type { VmRecord } from './vm-types.js';

export type VmStore = ReturnType<typeof createVmStore>;

export function createVmStore(paths: AgentPaths) {
  return {
    load: (id: string) => readJsonFile<VmRecord>(paths.vm(id).record),
    save: (record: VmRecord) => writeJsonFile(paths.vm(record.id).record, record),
    /** Every directory under vms/, including leftovers without a record. */
    async listDirs(): Promise<string[]> {
      try {
        const entries = await readdir(paths.vmsDir, { withFileTypes: true });
        return entries.filter((e) => e.isDirectory()).map((e) => e.name);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
    },
    removeDir: (id: string) => rm(paths.vm(id).dir, { recursive: true, force: true }),
  };
}
