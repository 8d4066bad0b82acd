// kill -9 of the agent process itself: its VMs keep running and the next agent adopts them with their consoles.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AUTH, createTestHost, FAKE_VMM, TEST_TOKEN, type TestHost, waitFor } from './agent.test-support.js';
import { isAlive } from './proc-info.js';

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
    await promisify(execFile)('npx', ['tsc', '-b', 'packages/agent'], { cwd: repoRoot });
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
          NQVM_AGENT_TOKEN: TEST_TOKEN,
          NQVM_VMM: FAKE_VMM,
          NQVM_LOG_LEVEL: 'warn',
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
    return (await res.json()) as { item: { state: string; pid: number } };
  };

  it('leaves the VM running and its console usable through the next agent', async () => {
    // 1. A VM started by the first agent process.
    agent = await startAgentProcess();
    const { item } = await call('PUT', '/v1/vms/vm1', host.spec({ start: true }));
    expect(item.state).toBe('running');

    // 2. kill -9 the agent: the VMM, in its own session, is untouched.
    agent.kill('SIGKILL');
    await new Promise((resolve) => agent?.once('exit', resolve));
    expect(await isAlive(item.pid)).toBe(true);

    // 3. A new agent process adopts it: same pid, still running.
    agent = await startAgentProcess();
    expect((await call('GET', '/v1/vms/vm1')).item).toMatchObject({ state: 'running', pid: item.pid });

    // 4. The console still works: input reaches the guest, output comes back.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/vms/vm1/console`, { headers: AUTH });
    let text = '';
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw));
      if (msg.type === 'data') text += msg.data;
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'data', data: 'echo survived-agent-kill\n' }));
    await waitFor('the console answer', async () => text.includes('survived-agent-kill\n'));
    ws.close();
  });
});
