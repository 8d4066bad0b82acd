// Per-VM cgroup layouts on look-alike trees (v2, v1 hybrid, none); vm-lifecycle.test.ts checks the real host's.
import { existsSync } from 'node:fs';
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
  const memory = String((256 + VMM_MEMORY_OVERHEAD_MIB) * 1024 * 1024);
  beforeEach(async () => {
    dir = await tempDir();
    lines.length = 0;
  });
  afterEach(() => dir.cleanup());

  it('uses cgroup v2 where it has the memory and cpu controllers: memory.max and cpu.max under nqvm/<id>', async () => {
    // The kernel's files are plain files here.
    await writeFile(join(dir.path, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
    const cgroups = createCgroups(dir.path, log);
    const groups = await cgroups.create('vm1', { vcpu: 2, mem_mib: 256 });
    expect(groups).toEqual([join(dir.path, 'nqvm', 'vm1')]);
    expect(await readFile(join(dir.path, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +cpu');
    expect(await readFile(join(dir.path, 'nqvm', 'vm1', 'memory.max'), 'utf8')).toBe(memory);
    expect(await readFile(join(dir.path, 'nqvm', 'vm1', 'cpu.max'), 'utf8')).toBe('200000 100000');
  });

  it('falls back to v1 memory and cpu groups, nested under the agent’s own group', async () => {
    // The hybrid layout: v1 controllers beside a v2 "unified" tree without controllers.
    await mkdir(join(dir.path, 'unified'));
    await writeFile(join(dir.path, 'unified', 'cgroup.controllers'), '');
    await mkdir(join(dir.path, 'memory'));
    await writeFile(join(dir.path, 'memory', 'memory.limit_in_bytes'), '9223372036854771712');
    await mkdir(join(dir.path, 'cpu'));
    await writeFile(join(dir.path, 'cpu', 'cpu.cfs_quota_us'), '-1');
    const selfCgroup = '4:memory:/agents/a1\n1:cpu,cpuacct:/\n0::/\n';
    const cgroups = createCgroups(dir.path, log, { name: 'nqvm-x', selfCgroup });
    const groups = await cgroups.create('vm1', { vcpu: 2, mem_mib: 256 });
    const mem = join(dir.path, 'memory', 'agents', 'a1', 'nqvm-x', 'vm1');
    const cpu = join(dir.path, 'cpu', 'nqvm-x', 'vm1');
    expect(groups).toEqual([mem, cpu]);
    expect(await readFile(join(mem, 'memory.limit_in_bytes'), 'utf8')).toBe(memory);
    expect(await readFile(join(cpu, 'cpu.cfs_period_us'), 'utf8')).toBe('100000');
    expect(await readFile(join(cpu, 'cpu.cfs_quota_us'), 'utf8')).toBe('200000');
    await cgroups.addProcess(groups, 4242);
    expect(await readFile(join(cpu, 'cgroup.procs'), 'utf8')).toBe('4242');
  });

  it('runs without limits, saying so once, where no controller is writable', async () => {
    const cgroups = createCgroups(dir.path, log, { selfCgroup: '0::/\n' });
    expect(await cgroups.create('vm1', { vcpu: 1, mem_mib: 128 })).toEqual([]);
    expect(await cgroups.create('vm2', { vcpu: 1, mem_mib: 128 })).toEqual([]);
    expect(lines).toEqual(['no writable cgroup memory/cpu controllers: VMs run without limits']);
    await cgroups.remove('vm1');
    expect(existsSync(join(dir.path, 'nqvm'))).toBe(false);
  });
});
