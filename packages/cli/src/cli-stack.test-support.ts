// Test support: the real stack (manager + an agent in its own netns) and the environment a CLI user of it has.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Stack, startStack } from '../../../tests/e2e/support/stack.js';

export interface CliStack {
  stack: Stack;
  /** NQVM_URL and NQVM_TOKEN of the stack, and a scratch HOME so no developer config leaks in. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startCliStack(): Promise<CliStack> {
  const stack = await startStack({ hosts: 1 });
  const home = mkdtempSync(join(tmpdir(), 'nqvm-cli-e2e-'));
  return {
    stack,
    env: {
      NQVM_URL: stack.managerUrl,
      NQVM_TOKEN: stack.token,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'c'),
    },
    async stop() {
      await stack.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
