// The console's input side: a FIFO in the VM dir that the VMM reads as stdin; viewers write into it.
import { constants, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { runCommand } from './run-command.js';

export async function createFifo(path: string): Promise<void> {
  await rm(path, { force: true });
  await runCommand('mkfifo', ['-m', '0600', path]);
}

export interface FifoWriter {
  write(data: string | Buffer): Promise<void>;
  close(): void;
}

/**
 * Opens the FIFO for writing without blocking: ENXIO means no VMM holds it, which the caller
 * reports instead of hanging. A net.Socket over the non-blocking fd lets libuv wait for room
 * when the pipe is full rather than failing with EAGAIN.
 */
export function openFifoWriter(path: string): FifoWriter {
  const fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const socket = new Socket({ fd, readable: false, writable: true });
  socket.on('error', () => socket.destroy());
  return {
    write: (data) =>
      new Promise((resolve, reject) => {
        if (socket.destroyed) return reject(new Error('console input closed'));
        socket.write(data, (err) => (err ? reject(err) : resolve()));
      }),
    close: () => socket.destroy(),
  };
}
