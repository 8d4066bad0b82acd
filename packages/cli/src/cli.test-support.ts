// Test support: a real manager listening on a free port, and bin/nqvm run against it as a subprocess.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildManager } from '@nqvm/manager';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export const nqvmBin = fileURLToPath(new URL('../../../bin/nqvm', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs bin/nqvm asynchronously (a sync spawn would block the in-process manager it talks to).
 * `env` is the whole environment apart from PATH, so nothing of the developer's leaks in.
 */
export function runNqvm(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nqvmBin, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Asserts a run succeeded quietly (exit 0, nothing on stderr) and returns it. */
export function expectOk(res: CliResult): CliResult {
  expect(res.stderr, 'stderr of a command expected to succeed').toBe('');
  expect(res.status).toBe(0);
  return res;
}

/** The parsed stdout of a successful `--json` run. */
export const expectJson = <T>(res: CliResult): T => JSON.parse(expectOk(res).stdout) as T;

export interface TestManager {
  url: string;
  token: string;
  app: FastifyInstance;
  imageRoot: string;
  /** A scratch dir for the CLI's HOME, config and data dir. */
  home: string;
  /** The environment a user of this manager would have. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startTestManager(): Promise<TestManager> {
  const dir = mkdtempSync(join(tmpdir(), 'nqvm-cli-'));
  const imageRoot = join(dir, 'image-root');
  const home = join(dir, 'home');
  mkdirSync(imageRoot, { recursive: true });
  mkdirSync(home, { recursive: true });
  const token = 'cli-test-token';
  const app = await buildManager({
    dataDir: join(dir, 'manager'),
    imageRoot,
    adminToken: token,
    joinToken: 'cli-test-join',
    logLevel: false,
    inMemoryDb: true,
    reconcileIntervalMs: 0,
    metricsIntervalMs: 0,
    // These tests import several images within a minute; the limits have their own manager tests.
    rateLimits: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    token,
    app,
    imageRoot,
    home,
    env: {
      NQVM_URL: url,
      NQVM_TOKEN: token,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      NQVM_DATA_DIR: join(home, 'data'),
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
