// Notices a VMM's exit within a second: the child 'exit' event when we are its parent, /proc polling otherwise.
import type { ChildProcess } from 'node:child_process';
import { isAlive } from './proc-info.js';

export interface ExitInfo {
  /** Known only while the agent is the parent; null for an adopted VMM or a signal death. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ExitWatcher {
  /** Resolves once with how the process ended. */
  exited: Promise<ExitInfo>;
  stop(): void;
}

export const EXIT_POLL_MS = 500;

export function watchExit(pid: number, child?: ChildProcess): ExitWatcher {
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  let resolveExit: (info: ExitInfo) => void = () => {};
  const exited = new Promise<ExitInfo>((resolve) => {
    resolveExit = (info) => {
      if (done) return;
      done = true;
      if (timer) clearInterval(timer);
      resolve(info);
    };
  });
  if (child && child.exitCode === null && child.signalCode === null) {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  } else {
    // A pidfd would be exact, but Node has none; polling /proc is cheap at this rate.
    timer = setInterval(() => {
      void isAlive(pid).then((alive) => {
        if (!alive) resolveExit({ code: null, signal: null });
      });
    }, EXIT_POLL_MS);
    timer.unref();
  }
  return {
    exited,
    stop() {
      done = true;
      if (timer) clearInterval(timer);
    },
  };
}
