// Private temporary directories for tests, removed by cleanup() (and at exit if a test forgot).
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  readonly path: string;
  cleanup(): Promise<void>;
}

const leftovers = new Set<string>();
let exitHookInstalled = false;

export async function tempDir(prefix = 'nqvm-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  leftovers.add(path);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
    });
  }
  return {
    path,
    async cleanup() {
      leftovers.delete(path);
      await rm(path, { recursive: true, force: true });
    },
  };
}
