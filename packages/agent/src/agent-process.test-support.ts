// Helpers for tests that run the agent as its own process (from dist/, as bin/nqvm does) and kill it hard.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AUTH, TEST_TOKEN, type TestHost, VMM, waitFor } from './agent.test-support.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const distEntry = join(repoRoot, 'packages/agent/dist/index.js');

/** The agent process runs the build output: bring it up to date with the sources first. */
export async function buildAgentDist(): Promise<void> {
  await promisify(execFile)('npx', ['tsc', '-b', 'packages/agent', 'packages/vmm'], { cwd: repoRoot });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `runAgentCommand` in a child process on the test host's data dir; resolves once it answers. */
export async function startAgentProcess(
  host: TestHost,
  port: number,
  env: NodeJS.ProcessEnv = {},
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `import(${JSON.stringify(distEntry)}).then((m) => m.runAgentCommand(['--port', '${port}', '--host', '127.0.0.1']))`,
    ],
    {
      env: {
        ...process.env,
        NQVM_DATA_DIR: host.dataDir,
        // Raw image paths must resolve under an image root: the test images' directory.
        NQVM_IMAGE_ROOT: dirname(host.rootfs),
        NQVM_AGENT_TOKEN: TEST_TOKEN,
        NQVM_VMM: VMM,
        NQVM_LOG_LEVEL: 'warn',
        NQVM_CGROUP_NAME: host.cgroupName,
        ...env,
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

export interface AgentVmItem {
  state: string;
  pid: number;
  console_log: string;
  api_sock: string;
  error?: string;
}

/** One authenticated JSON call to the agent process. */
export async function callAgent(
  port: number,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; item: AgentVmItem }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...AUTH, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, ...((await res.json()) as { item: AgentVmItem }) };
}
