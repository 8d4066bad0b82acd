// Runs scale-load.js in a child process (its own event loop and core) and returns its per-run results.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadResult } from './scale-load.js';

const loadScript = fileURLToPath(new URL('./scale-load.js', import.meta.url));

export async function runLoad(job: LoadJob): Promise<LoadResult[]> {
  const child = spawn(process.execPath, [loadScript], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const code = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdin.end(JSON.stringify(job));
  const exit = await code;
  if (exit !== 0) throw new Error(`load generator exited with ${exit}: ${err.slice(0, 500)}`);
  const results = JSON.parse(out) as LoadResult[];
  const failed = results.find((r) => r.errors > 0);
  // A 401, 404 or 429 answers fast: counting it as a request would flatter the figure.
  if (failed) throw new Error(`${failed.errors} failed requests, first: ${failed.firstError}`);
  return results;
}
