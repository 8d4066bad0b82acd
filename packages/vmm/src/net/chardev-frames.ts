// QEMU's filter-redirector wire format on a chardev socket: 4-byte big-endian length, then the frame.
import type { Socket } from 'node:net';

/** Calls `onFrame` for each frame QEMU writes to the socket. */
export function readFrames(socket: Socket, onFrame: (frame: Buffer) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 4) {
      const len = pending.readUInt32BE(0);
      if (pending.length < 4 + len) break;
      onFrame(Buffer.from(pending.subarray(4, 4 + len)));
      pending = pending.subarray(4 + len);
    }
  });
}

export function writeFrame(socket: Socket, frame: Buffer): void {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(frame.length, 0);
  socket.write(Buffer.concat([head, frame]));
}
