// The manager as a real process (`bin/nqvm manager`) for the scale figure: start, wait for /health, stop.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './scale-net.js';

const nqvmBin = fileURLToPath(new URL('../../bin/nqvm', import.meta.url));

export interface ManagerProcess {
  url: string;
  pid: number;
  /** SIGTERM, then wait: the manager closes its database before it exits (SIGKILL after 60 s). */
  stop(): Promise<void>;
}

export interface ManagerStart {
  dataDir: string;
  adminToken: string;
  joinToken: string;
  databaseUrl?: string;
  /** stdout and stderr (pino JSON, one line per request at `info`) go here, as they would to a journal. */
  logFile: string;
  /** Extra node flags, e.g. `--cpu-prof` while profiling. */
  nodeArgs?: string[];
}

export async function startManagerProcess(opts: ManagerStart): Promise<ManagerProcess> {
  const port = await freePort();
  const log = openSync(opts.logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NQVM_DATA_DIR: opts.dataDir,
    NQVM_ADMIN_TOKEN: opts.adminToken,
    NQVM_JOIN_TOKEN: opts.joinToken,
    // The fake agents answer inventory, not per-VM metrics: sampling 10,000 VMs is its own figure.
    MANAGER_ENABLE_METRICS: '0',
  };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), nqvmBin, 'manager', '--port', String(port), '--host', '127.0.0.1'],
    { env, stdio: ['ignore', log, log], cwd: opts.dataDir },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`manager exited with ${child.exitCode}; see ${opts.logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`manager did not answer /health within 180 s; see ${opts.logFile}`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // A close that waits on a long reconcile pass must not hang the bench: 60 s, then SIGKILL.
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
