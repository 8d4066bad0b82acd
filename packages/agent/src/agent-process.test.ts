// kill -9 of the agent process itself: its VMs (real guests on fc-vmm) keep running and the next agent adopts them with their consoles.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH,
  createTestHost,
  openConsole,
  TEST_TOKEN,
  type TestHost,
  VMM,
  waitFor,
  waitForBoot,
} from './agent.test-support.js';
import { isAlive, processTree } from './proc-info.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const distEntry = join(repoRoot, 'packages/agent/dist/index.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('agent process killed with SIGKILL', () => {
  let host: TestHost;
  let port: number;
  let agent: ChildProcess | undefined;

  beforeAll(async () => {
    // The agent runs as its own process, from its build output (as bin/nqvm runs it).
    await promisify(execFile)('npx', ['tsc', '-b', 'packages/agent', 'packages/vmm'], { cwd: repoRoot });
    host = await createTestHost();
    port = await freePort();
  });
  afterAll(async () => {
    agent?.kill('SIGKILL');
    const inProcess = await host.agent(); // adopts whatever is left, so cleanup can delete it
    expect(inProcess.reconciled.removed).toEqual([]);
    await host.cleanup();
  });

  async function startAgentProcess(): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `import(${JSON.stringify(distEntry)}).then((m) => m.runAgentCommand(['--port', '${port}', '--host', '127.0.0.1']))`,
      ],
      {
        env: {
          ...process.env,
          NQVM_DATA_DIR: join(host.dir.path, 'data'),
          // Raw image paths must resolve under an image root: the test images' directory.
          NQVM_IMAGE_ROOT: dirname(host.rootfs),
          NQVM_AGENT_TOKEN: TEST_TOKEN,
          NQVM_VMM: VMM,
          NQVM_LOG_LEVEL: 'warn',
          NQVM_CGROUP_NAME: host.cgroupName,
        },
        stdio: 'ignore',
      },
    );
    await waitFor('the agent to answer', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      return res?.ok;
    });
    return child;
  }

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { ...AUTH, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return (await res.json()) as {
      item: { state: string; pid: number; console_log: string; error?: string };
    };
  };

  it('leaves VMs running and their consoles usable through the next agent, which still sees a VMM die', async () => {
    // 1. Two VMs started by the first agent process; vm1's guest reaches its shell.
    agent = await startAgentProcess();
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
    agent = await startAgentProcess();
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
