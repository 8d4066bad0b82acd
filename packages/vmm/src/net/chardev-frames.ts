// QEMU's filter-redirector wire format with vnet_hdr_support=on: length, vnet header length, then the packet.
import type { Socket } from 'node:net';

/**
 * One packet as QEMU's net layer carries it: `data` starts with the netdev's virtio-net header
 * (`hdrLen` bytes: 10 or 12 on a TAP with vnet_hdr, 0 on one without), then the Ethernet frame.
 * With offloads on, a frame may be a GSO super-frame of up to 64 KiB.
 */
export interface Packet {
  data: Buffer;
  hdrLen: number;
}

/** The Ethernet frame inside a packet (what MMDS parses and rate limits count). */
export function ethernetFrame(p: Packet): Buffer {
  return p.data.subarray(p.hdrLen);
}

/** Calls `onPacket` for each packet QEMU writes: u32 BE length, u32 BE vnet header length, bytes. */
export function readPackets(socket: Socket, onPacket: (packet: Packet) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const len = pending.readUInt32BE(0);
      if (pending.length < 8 + len) break;
      const hdrLen = pending.readUInt32BE(4);
      onPacket({ data: Buffer.from(pending.subarray(8, 8 + len)), hdrLen });
      pending = pending.subarray(8 + len);
    }
  });
}

export function writePacket(socket: Socket, packet: Packet): void {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(packet.data.length, 0);
  head.writeUInt32BE(packet.hdrLen, 4);
  socket.write(Buffer.concat([head, packet.data]));
}
