// Helpers for the agent's own tests: a temp data dir, images on disk, an agent wired to the fake VMM.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TempDir, tempDir } from '@nqvm/testkit';
import { type Agent, buildAgent } from './agent-app.js';
import type { AgentConfig } from './agent-config.js';
import type { AgentVmSpec } from './vm-types.js';

export const TEST_TOKEN = 'test-agent-token';
export const AUTH = { authorization: `Bearer ${TEST_TOKEN}` };
export const FAKE_VMM = fileURLToPath(new URL('../test-support/fake-vmm.mjs', import.meta.url));

export interface TestHost {
  dir: TempDir;
  kernel: string;
  rootfs: string;
  spec(overrides?: Partial<AgentVmSpec>): AgentVmSpec;
  agent(config?: Partial<AgentConfig>): Promise<Agent>;
  cleanup(): Promise<void>;
}

/** A data dir with a fake kernel and a small text "rootfs" the fake VMM reads and writes. */
export async function createTestHost(): Promise<TestHost> {
  const dir = await tempDir('nqvm-agent-');
  const kernel = join(dir.path, 'vmlinux');
  const rootfs = join(dir.path, 'rootfs.ext4');
  await writeFile(kernel, 'not a kernel');
  await writeFile(rootfs, `original-content\n${'\0'.repeat(4096)}`);
  const agents: Agent[] = [];
  return {
    dir,
    kernel,
    rootfs,
    spec: (overrides = {}) => ({
      name: 'test-vm',
      vcpu: 1,
      mem_mib: 128,
      kernel: { path: kernel },
      rootfs: { path: rootfs },
      ...overrides,
    }),
    async agent(config = {}) {
      const agent = await buildAgent({
        env: { NQVM_DATA_DIR: join(dir.path, 'data'), NQVM_AGENT_TOKEN: TEST_TOKEN },
        config: { vmmPath: FAKE_VMM, stopTimeoutMs: 10_000, ...config },
      });
      agents.push(agent);
      return agent;
    },
    async cleanup() {
      for (const a of agents) {
        for (const r of await a.services.records()) await a.services.vms.remove(r.id).catch(() => undefined);
        await a.app.close();
      }
      await dir.cleanup();
    },
  };
}

/** Polls a condition until it holds; fails with `what` after the deadline (never a blind sleep). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
