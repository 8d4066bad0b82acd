// kill -9 of an agent with a warm pool: the next agent adopts the VM running in a pooled VMM and kills the old idle ones.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, type TestHost, waitFor } from './agent.test-support.js';
import { buildAgentDist, callAgent, freePort, startAgentProcess } from './agent-process.test-support.js';
import { isAlive, readCmdline } from './proc-info.js';
import { poolProcesses } from './vmm-pool-stale.js';

describe('an agent with a warm pool killed with SIGKILL', () => {
  let host: TestHost;
  let port: number;
  let agent: ChildProcess | undefined;
  beforeAll(async () => {
    await buildAgentDist();
    host = await createTestHost();
    port = await freePort();
  });
  afterAll(async () => {
    agent?.kill('SIGKILL');
    await host.agent(); // kills what the process left in the pool, adopts any VM, so cleanup deletes it
    await host.cleanup();
  });

  const poolDir = () => join(host.dataDir, 'vms', '.pool');
  const call = (method: string, path: string, body?: unknown) => callAgent(port, method, path, body);
  const idlePoolPids = async (exclude: number[]) =>
    (await poolProcesses(poolDir())).filter((p) => !exclude.includes(p));

  it('adopts the pooled VM (recognised, controllable) and kills the idle VMMs the dead agent left', async () => {
    // 1. An agent process with two pooled VMMs; a VM takes one of them.
    agent = await startAgentProcess(host, port, { NQVM_VMM_POOL: '2' });
    await waitFor('the pool to fill', async () => (await idlePoolPids([])).length === 2);
    const { item } = await call('PUT', '/v1/vms/vm1', host.spec({ start: true }));
    expect(item.state).toBe('running');
    const argv = (await readCmdline(item.pid)) ?? [];
    expect(argv[argv.indexOf('--api-sock') + 1]?.startsWith(`${poolDir()}/`)).toBe(true);
    await waitFor('the pool to refill', async () => (await idlePoolPids([item.pid])).length === 2);
    const oldIdle = await idlePoolPids([item.pid]);

    // 2. kill -9 the agent: the VM and the idle pool VMMs all outlive it.
    agent.kill('SIGKILL');
    await new Promise((resolve) => agent?.once('exit', resolve));
    for (const pid of [item.pid, ...oldIdle]) expect(await isAlive(pid)).toBe(true);

    // 3. The next agent adopts the VM (same pid) and kills only the old idle VMMs.
    agent = await startAgentProcess(host, port, { NQVM_VMM_POOL: '2' });
    expect((await call('GET', '/v1/vms/vm1')).item).toMatchObject({ state: 'running', pid: item.pid });
    await waitFor('the old idle VMMs to be gone', async () => {
      for (const pid of oldIdle) if (await isAlive(pid)) return false;
      return true;
    });
    expect(await isAlive(item.pid)).toBe(true);

    // 4. Its API answers through the agent (pause/resume go to the VMM), and it stops cleanly.
    expect((await call('POST', '/v1/vms/vm1/pause', {})).item.state).toBe('paused');
    expect((await call('POST', '/v1/vms/vm1/resume', {})).item.state).toBe('running');
    const stopped = await call('POST', '/v1/vms/vm1/stop', { force: true });
    expect(stopped.item).toMatchObject({ state: 'stopped' });
    expect(await isAlive(item.pid)).toBe(false);
    expect(existsSync(join(host.dataDir, 'vms', 'vm1', 'vmm-cwd'))).toBe(false);

    // 5. The new agent's own pool is full again, and the pool dir holds nothing else.
    await waitFor('the new pool to fill', async () => (await idlePoolPids([])).length === 2);
    expect((await idlePoolPids([])).some((p) => oldIdle.includes(p))).toBe(false);
  });
});
