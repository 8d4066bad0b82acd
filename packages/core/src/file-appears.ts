// Waiting for a file to appear (a socket a process is about to bind): inotify wake-ups, a timer as the net.
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileAppears {
  /**
   * Resolves when the file shows up in its directory, when wake() is called, or after `ms` at the
   * latest. A wake-up that came while nobody waited is kept for the next wait, never lost.
   */
  wait(ms: number): Promise<void>;
  /** Ends the current (or next) wait early, e.g. because the process that should bind has exited. */
  wake(): void;
  close(): void;
}

/**
 * Watches `path`'s directory so a waiter wakes as the file is created, instead of a poll period
 * later. Where no watch can be set up (no inotify, the directory not there yet) the timer alone
 * paces the waits.
 */
export function fileAppears(path: string): FileAppears {
  let pending = false;
  let resolveWait: (() => void) | undefined;
  const wake = () => {
    pending = true;
    resolveWait?.();
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), (_event, name) => {
      if (name === null || name === basename(path)) wake();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    // The timer alone, then.
  }
  return {
    wait: (ms) =>
      new Promise<void>((resolve) => {
        if (pending) return resolve();
        const timer = setTimeout(resolve, ms);
        resolveWait = () => {
          clearTimeout(timer);
          resolve();
        };
      }).then(() => {
        pending = false;
        resolveWait = undefined;
      }),
    wake,
    close: () => watcher?.close(),
  };
}
