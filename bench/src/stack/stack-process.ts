// One long-running part of the bench stack (manager or agent): spawned, logged to a file, stopped for sure.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface StackProcess {
  readonly name: string;
  readonly pid: number;
  /** Why it exited, once it has. */
  exited(): string | undefined;
  /** The end of its log, for error messages. */
  logTail(): string;
  /** SIGTERM, SIGKILL after 10 s; resolves when it is gone. */
  stop(): Promise<void>;
}

export interface StackProcessOptions {
  /** Merged over process.env; `undefined` removes a variable. */
  env: Record<string, string | undefined>;
  logFile: string;
}

export function startStackProcess(name: string, argv: string[], options: StackProcessOptions): StackProcess {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(options.env)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const fd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(argv[0] as string, argv.slice(1), { env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  let exit: string | undefined;
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = `${name} exited (${signal ?? `code ${code}`})`;
      resolve();
    });
  });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${argv[0]}`);
  const pid = child.pid;
  return {
    name,
    pid,
    exited: () => exit,
    logTail: () => {
      try {
        return readFileSync(options.logFile, 'utf8').slice(-3000);
      } catch {
        return '';
      }
    },
    async stop() {
      if (exit) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` (errors count as "not yet") until true; fails fast if the process died. */
export async function waitUntil(
  what: string,
  proc: StackProcess,
  check: () => Promise<boolean>,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = proc.exited();
    if (exit) throw new Error(`${exit} while waiting for ${what}; log:\n${proc.logTail()}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}; ${proc.name} log:\n${proc.logTail()}`,
  );
}
