// Helpers for the agent's own tests: a temp data dir, the real guest images, agents on the real fc-vmm, a console client.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { AgentVmSpec } from '@nqvm/core';
import { GUEST_READY_LINE, manifestItem } from '@nqvm/guest-image';
import { createSerialConsole, type SerialConsole, type TempDir, tempDir, testImages } from '@nqvm/testkit';
import WebSocket from 'ws';
import { type Agent, buildAgent } from './agent-app.js';
import { type AgentConfig, defaultVmmPath } from './agent-config.js';

export const TEST_TOKEN = 'test-agent-token';
export const AUTH = { authorization: `Bearer ${TEST_TOKEN}` };
/** bin/fc-vmm runs packages/vmm/dist: `npx tsc -b` first. */
export const VMM = defaultVmmPath();

export interface TestHost {
  dir: TempDir;
  dataDir: string;
  kernel: string;
  initrd: string;
  rootfs: string;
  /** This host's cgroup parent name, so parallel test files never share VM cgroups. */
  cgroupName: string;
  spec(overrides?: Partial<AgentVmSpec>): AgentVmSpec;
  agent(config?: Partial<AgentConfig>): Promise<Agent>;
  cleanup(): Promise<void>;
}

/** A data dir and the default guest (kernel, initramfs, busybox rootfs) from `testImages()`. */
export async function createTestHost(): Promise<TestHost> {
  const dir = await tempDir('nqvm-agent-');
  const manifest = await testImages();
  const kernel = manifestItem(manifest, 'kernel').path;
  const initrd = manifestItem(manifest, 'initrd').path;
  const rootfs = manifestItem(manifest, 'rootfs').path;
  const dataDir = join(dir.path, 'data');
  const cgroupName = `nqvm-test-${randomBytes(4).toString('hex')}`;
  const agents: Agent[] = [];
  return {
    dir,
    dataDir,
    kernel,
    initrd,
    rootfs,
    cgroupName,
    spec: (overrides = {}) => ({
      name: 'test-vm',
      vcpu: 1,
      mem_mib: 128,
      kernel: { path: kernel },
      initrd: { path: initrd },
      rootfs: { path: rootfs },
      ...overrides,
    }),
    async agent(config = {}) {
      const agent = await buildAgent({
        env: { NQVM_DATA_DIR: dataDir, NQVM_AGENT_TOKEN: TEST_TOKEN },
        config: { vmmPath: VMM, stopTimeoutMs: 30_000, cgroupName, ...config },
      });
      agents.push(agent);
      return agent;
    },
    async cleanup() {
      for (const a of agents) {
        for (const r of await a.services.records()) await a.services.vms.remove(r.id).catch(() => undefined);
        await a.ctx.cgroups.removeParents();
        await a.app.close();
      }
      await dir.cleanup();
    },
  };
}

/** Polls a condition until it holds; fails with `what` after the deadline (never a blind sleep). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How many times the guest has said it is ready in this console log (one per boot). */
export async function readyCount(consoleLog: string): Promise<number> {
  const text = await readFile(consoleLog, 'utf8').catch(() => '');
  return text.split(GUEST_READY_LINE).length - 1;
}

/** Waits for boot number `n` (1-based) of the VM to reach the guest's shell. */
export function waitForBoot(consoleLog: string, n = 1): Promise<true> {
  return waitFor(`guest boot #${n} to print "${GUEST_READY_LINE}"`, async () =>
    (await readyCount(consoleLog)) >= n ? true : undefined,
  );
}

export interface ConsoleClient extends SerialConsole {
  /** Closes the WebSocket (the VM is untouched). */
  disconnect(): void;
}

/**
 * The agent's console WebSocket, driven like a serial line: replayed history first, then live
 * output; `run()`/`check()` send a shell command and wait for its own output.
 */
export async function openConsole(baseUrl: string, id: string): Promise<ConsoleClient> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/v1/vms/${id}/console`, { headers: AUTH });
  const output = new PassThrough();
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw)) as { type: string; data?: string; error?: string };
    if (msg.type === 'data') output.write(msg.data);
    else if (msg.type === 'error') output.write(`\n[agent console error: ${msg.error}]\n`);
  });
  ws.on('close', () => output.end());
  const input = new Writable({
    write(chunk, _encoding, done) {
      ws.send(JSON.stringify({ type: 'data', data: String(chunk) }), done);
    },
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const serial = createSerialConsole(output, input, { name: `VM ${id}`, defaultTimeoutMs: 60_000 });
  return {
    ...serial,
    disconnect() {
      serial.close();
      ws.close();
    },
  };
}

/** Listens on a free loopback port (once) and returns the agent's base URL. */
export async function listen(agent: Agent): Promise<string> {
  const address = agent.app.server.address();
  if (address && typeof address === 'object') return `http://127.0.0.1:${address.port}`;
  return await agent.app.listen({ port: 0, host: '127.0.0.1' });
}
