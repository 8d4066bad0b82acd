// Test helper: builds the web app when its sources are newer than the last build, and serves it on a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Tests and their helpers are not part of the app: editing them needs no new build. */
const NOT_BUILT = /\.test\.tsx?$|^testing$/;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_BUILT.test(entry.name)) continue;
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/**
 * `next build` only when needed: the root `npm run build` usually did it already. Async (a child process,
 * not spawnSync) so the test worker keeps answering Vitest during a build of a few minutes.
 */
export async function ensureBuilt(): Promise<void> {
  const buildId = join(WEB_DIR, '.next', 'BUILD_ID');
  const configs = ['next.config.mjs', 'tailwind.config.ts', 'package.json'].map(
    (f) => statSync(join(WEB_DIR, f)).mtimeMs,
  );
  // The typed client is bundled from its built dist/: a rebuilt client needs a rebuilt app too.
  const clientDist = join(WEB_DIR, '..', 'client', 'dist');
  const client = existsSync(clientDist) ? newestMtime(clientDist) : 0;
  const sources = Math.max(newestMtime(join(WEB_DIR, 'src')), client, ...configs);
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sources) return;
  const child = spawn('npm', ['run', 'build'], { cwd: WEB_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`next build failed:\n${output}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface WebServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts `next start` and resolves once it answers HTTP; rejects if the process exits first. */
export async function startWebServer(env: Record<string, string>): Promise<WebServer> {
  const port = await freePort();
  const nextBin = join(WEB_DIR, 'node_modules', '.bin', 'next');
  const bin = existsSync(nextBin) ? nextBin : join(WEB_DIR, '..', '..', 'node_modules', '.bin', 'next');
  const child: ChildProcess = spawn(bin, ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: WEB_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`next start exited (${code}):\n${log}`));
    child.once('exit', onExit);
    // Next prints "Ready" once it accepts connections.
    const check = () => {
      if (/Ready in|started server/i.test(log)) {
        child.off('exit', onExit);
        resolve();
        return true;
      }
      return false;
    };
    const onData = () => {
      if (check()) {
        child.stdout?.off('data', onData);
      }
    };
    child.stdout?.on('data', onData);
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
