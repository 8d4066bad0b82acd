// Many viewers on one console: follows the console log for output, replays history, writes input to the FIFO.
import { type FSWatcher, watch } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { readLogTail } from './capped-log.js';
import { type FifoWriter, openFifoWriter } from './console-fifo.js';

export const CONSOLE_HISTORY_BYTES = 64 * 1024;
/** inotify can drop events (queue overflow); a slow poll guarantees progress anyway. */
const SAFETY_POLL_MS = 1_000;

export interface ConsoleViewer {
  send(data: string): void;
}

interface Follower {
  viewers: Set<ConsoleViewer>;
  offset: number;
  decoder: StringDecoder;
  watcher?: FSWatcher;
  timer: NodeJS.Timeout;
  reading: boolean;
  again: boolean;
}

export type ConsoleHub = ReturnType<typeof createConsoleHub>;

export function createConsoleHub() {
  const followers = new Map<string, Follower>();
  const writers = new Map<string, FifoWriter>();

  async function pump(logPath: string, f: Follower): Promise<void> {
    if (f.reading) {
      f.again = true;
      return;
    }
    f.reading = true;
    try {
      do {
        f.again = false;
        const handle = await open(logPath, 'r').catch(() => undefined);
        if (!handle) return;
        try {
          const { size } = await handle.stat();
          // Smaller than what we have read: the log was copy-truncated; follow from its start.
          if (size < f.offset) f.offset = 0;
          while (f.offset < size) {
            const buf = Buffer.alloc(Math.min(size - f.offset, 64 * 1024));
            const { bytesRead } = await handle.read(buf, 0, buf.length, f.offset);
            if (bytesRead === 0) break;
            f.offset += bytesRead;
            const text = f.decoder.write(buf.subarray(0, bytesRead));
            if (text) for (const v of f.viewers) v.send(text);
          }
        } finally {
          await handle.close();
        }
      } while (f.again);
    } finally {
      f.reading = false;
    }
  }

  return {
    /** Sends recent history to the viewer, then every new byte until detach. */
    async attach(vmId: string, logPath: string, viewer: ConsoleViewer): Promise<() => void> {
      let f = followers.get(vmId);
      if (!f) {
        const size = await stat(logPath).then(
          (st) => st.size,
          () => 0,
        );
        f = followers.get(vmId); // another viewer may have attached meanwhile
        if (!f) {
          const follower: Follower = {
            viewers: new Set(),
            offset: size,
            decoder: new StringDecoder('utf8'),
            timer: setInterval(() => void pump(logPath, follower), SAFETY_POLL_MS),
            reading: false,
            again: false,
          };
          follower.timer.unref();
          try {
            follower.watcher = watch(logPath, () => void pump(logPath, follower));
          } catch {
            // No inotify for this file: the safety poll carries the stream.
          }
          f = follower;
          followers.set(vmId, f);
        }
      }
      // History ends exactly where live output starts; live bytes wait until history is out.
      const end = f.offset;
      const queued: string[] = [];
      const gate: ConsoleViewer = { send: (data) => queued.push(data) };
      f.viewers.add(gate);
      const history = (await readLogTail(logPath, CONSOLE_HISTORY_BYTES, end)).toString('utf8');
      if (history) viewer.send(history);
      for (const data of queued) viewer.send(data);
      f.viewers.delete(gate);
      f.viewers.add(viewer);
      const current = f;
      return () => {
        current.viewers.delete(viewer);
        if (current.viewers.size === 0 && followers.get(vmId) === current) {
          clearInterval(current.timer);
          current.watcher?.close();
          followers.delete(vmId);
        }
      };
    },
    /** Writes input to the VM's console FIFO; throws when no VMM is reading it. */
    async write(vmId: string, fifoPath: string, data: string): Promise<void> {
      let writer = writers.get(vmId);
      if (!writer) {
        writer = openFifoWriter(fifoPath);
        writers.set(vmId, writer);
      }
      try {
        await writer.write(data);
      } catch (err) {
        writer.close();
        writers.delete(vmId);
        throw err;
      }
    },
    /** Drops the VM's input writer (on stop/delete) so the FIFO is not held open by us. */
    release(vmId: string): void {
      writers.get(vmId)?.close();
      writers.delete(vmId);
    },
    close(): void {
      for (const f of followers.values()) {
        clearInterval(f.timer);
        f.watcher?.close();
      }
      followers.clear();
      for (const w of writers.values()) w.close();
      writers.clear();
    },
  };
}
