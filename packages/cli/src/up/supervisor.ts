// Runs the product's processes side by side: restarts one that crashes (with backoff), stops all on request.
import { type ChildProcess, spawn } from 'node:child_process';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface SupervisorEvents {
  onStart?(name: string, pid: number, attempt: number): void;
  onExit?(name: string, code: number | null, signal: NodeJS.Signals | null, willRestart: boolean): void;
}

export interface Supervisor {
  /** Current pid of a child, if it is running. */
  pid(name: string): number | undefined;
  /** Stops every child (SIGTERM, then SIGKILL after the grace period) and stops restarting them. */
  stop(graceMs?: number): Promise<void>;
}

/** A child that stayed up this long is considered healthy again: its backoff starts over. */
const HEALTHY_AFTER_MS = 30_000;
const MAX_BACKOFF_MS = 10_000;

export function supervise(
  specs: ChildSpec[],
  events: SupervisorEvents = {},
  baseBackoffMs = 500,
): Supervisor {
  const running = new Map<string, ChildProcess>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;

  function launch(spec: ChildSpec, attempt: number): void {
    const startedAt = Date.now();
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    running.set(spec.name, child);
    if (child.pid) events.onStart?.(spec.name, child.pid, attempt);
    child.once('exit', (code, signal) => {
      running.delete(spec.name);
      const restart = !stopping;
      events.onExit?.(spec.name, code, signal, restart);
      if (!restart) return;
      const healthy = Date.now() - startedAt > HEALTHY_AFTER_MS;
      const next = healthy ? 1 : attempt + 1;
      const delay = Math.min(baseBackoffMs * 2 ** (next - 1), MAX_BACKOFF_MS);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) launch(spec, next);
      }, delay);
      timers.add(timer);
    });
    child.once('error', () => undefined); // 'exit' follows and drives the restart
  }

  for (const spec of specs) launch(spec, 1);

  return {
    pid: (name) => running.get(name)?.pid,
    async stop(graceMs = 10_000) {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(
        [...running.values()].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
              child.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
