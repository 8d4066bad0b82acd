// Per-VM cgroups: limits derived from the VM size where cgroup v2 is writable, a logged skip where it is not.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type TempDir, tempDir } from '@nqvm/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCgroups, VMM_MEMORY_OVERHEAD_MIB } from './cgroup.js';
import type { Logger } from './logger.js';

describe('cgroups', () => {
  let dir: TempDir;
  const lines: string[] = [];
  const log: Logger = { info: (_o, msg) => lines.push(String(msg)), warn() {}, error() {}, debug() {} };
  beforeEach(async () => {
    dir = await tempDir();
    lines.length = 0;
  });
  afterEach(() => dir.cleanup());

  it('writes memory.max and cpu.max from the VM size under nqvm/<id>', async () => {
    // A directory that looks like a cgroup v2 root (the kernel's files are plain files here).
    await writeFile(join(dir.path, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
    const cgroups = createCgroups(dir.path, log);
    const path = await cgroups.create('vm1', { vcpu: 2, mem_mib: 256 });
    expect(path).toBe(join(dir.path, 'nqvm', 'vm1'));
    expect(await readFile(join(dir.path, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +cpu');
    expect(await readFile(join(dir.path, 'nqvm', 'vm1', 'memory.max'), 'utf8')).toBe(
      String((256 + VMM_MEMORY_OVERHEAD_MIB) * 1024 * 1024),
    );
    expect(await readFile(join(dir.path, 'nqvm', 'vm1', 'cpu.max'), 'utf8')).toBe('200000 100000');
  });

  it('skips with one log line where cgroup v2 is not available', async () => {
    await mkdir(join(dir.path, 'memory'));
    const cgroups = createCgroups(dir.path, log);
    expect(await cgroups.create('vm1', { vcpu: 1, mem_mib: 128 })).toBeUndefined();
    expect(await cgroups.create('vm2', { vcpu: 1, mem_mib: 128 })).toBeUndefined();
    expect(lines).toEqual(['cgroup v2 not writable here: VMs run without limits']);
  });
});
