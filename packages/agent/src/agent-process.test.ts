// kill -9 of the agent process itself: its VMs (real guests on fc-vmm) keep running and the next agent adopts them with their consoles.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHost, openConsole, type TestHost, waitFor, waitForBoot } from './agent.test-support.js';
import { buildAgentDist, callAgent, freePort, startAgentProcess } from './agent-process.test-support.js';
import { isAlive, processTree } from './proc-info.js';

describe('agent process killed with SIGKILL', () => {
  let host: TestHost;
  let port: number;
  let agent: ChildProcess | undefined;

  beforeAll(async () => {
    // The agent runs as its own process, from its build output (as bin/nqvm runs it).
    await buildAgentDist();
    host = await createTestHost();
    port = await freePort();
  });
  afterAll(async () => {
    agent?.kill('SIGKILL');
    const inProcess = await host.agent(); // adopts whatever is left, so cleanup can delete it
    expect(inProcess.reconciled.removed).toEqual([]);
    await host.cleanup();
  });

  const startAgent = () => startAgentProcess(host, port);
  const call = (method: string, path: string, body?: unknown) => callAgent(port, method, path, body);

  it('leaves VMs running and their consoles usable through the next agent, which still sees a VMM die', async () => {
    // 1. Two VMs started by the first agent process; vm1's guest reaches its shell.
    agent = await startAgent();
    const { item } = await call('PUT', '/v1/vms/vm1', host.spec({ start: true }));
    expect(item.state).toBe('running');
    const gone = (await call('PUT', '/v1/vms/gone', host.spec({ start: true }))).item;
    expect(gone.state).toBe('running');
    await waitForBoot(item.console_log);

    // 2. kill -9 the agent: the VMMs, in their own sessions, are untouched. One then dies.
    agent.kill('SIGKILL');
    await new Promise((resolve) => agent?.once('exit', resolve));
    expect(await isAlive(item.pid)).toBe(true);
    expect(await isAlive(gone.pid)).toBe(true);
    const goneTree = await processTree(gone.pid);
    expect(goneTree.length).toBeGreaterThan(1); // fc-vmm and its QEMU
    process.kill(gone.pid, 'SIGKILL');
    await waitFor('the killed VMM to be gone', async () => !(await isAlive(gone.pid)));

    // 3. A new agent process adopts the live one (same pid) and reports the dead one stopped.
    agent = await startAgent();
    expect((await call('GET', '/v1/vms/vm1')).item).toMatchObject({ state: 'running', pid: item.pid });
    expect((await call('GET', '/v1/vms/gone')).item).toMatchObject({
      state: 'stopped',
      error: expect.stringContaining('exited while the agent was not running'),
    });
    for (const pid of goneTree) expect(await isAlive(pid)).toBe(false);

    // 4. The console still works: input reaches the guest's shell, output comes back.
    const con = await openConsole(`http://127.0.0.1:${port}`, 'vm1');
    expect(await con.check('echo survived-$((40+2))')).toBe('survived-42');
    con.disconnect();

    // 5. kill -9 the adopted VMM: the agent reports it stopped within seconds, saying why.
    const tree = await processTree(item.pid);
    process.kill(item.pid, 'SIGKILL');
    const after = await waitFor(
      'the VM to be reported stopped',
      async () => {
        const vm = (await call('GET', '/v1/vms/vm1')).item;
        return vm.state === 'stopped' ? vm : undefined;
      },
      10_000,
    );
    expect(after.error).toContain(`VMM process ${item.pid}`);
    for (const pid of tree) expect(await isAlive(pid)).toBe(false);
  });
});
