// Just enough Ethernet, ARP, IPv4 and TCP to answer MMDS: parse what the guest sends, build replies.
export const ETH_IPV4 = 0x0800;
export const ETH_ARP = 0x0806;
export const IP_TCP = 6;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export interface Arp {
  op: number;
  senderMac: Buffer;
  senderIp: number;
  targetIp: number;
}

export interface TcpSegment {
  srcMac: Buffer;
  srcIp: number;
  dstIp: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  /** Maximum segment size from a SYN's options. */
  mss?: number;
  payload: Buffer;
}

export type Parsed =
  | { kind: 'arp'; arp: Arp }
  | { kind: 'ipv4'; dstIp: number; protocol: number; tcp?: TcpSegment }
  | { kind: 'other' };

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => ((acc << 8) | Number(o)) >>> 0, 0);
}

export function parseFrame(frame: Buffer): Parsed {
  if (frame.length < 14) return { kind: 'other' };
  const type = frame.readUInt16BE(12);
  if (type === ETH_ARP && frame.length >= 42) {
    return {
      kind: 'arp',
      arp: {
        op: frame.readUInt16BE(20),
        senderMac: Buffer.from(frame.subarray(22, 28)),
        senderIp: frame.readUInt32BE(28),
        targetIp: frame.readUInt32BE(38),
      },
    };
  }
  if (type !== ETH_IPV4 || frame.length < 34) return { kind: 'other' };
  const ihl = (frame[14] ?? 0) & 0x0f;
  const ipStart = 14;
  const totalLen = frame.readUInt16BE(16);
  const protocol = frame[23] ?? 0;
  const srcIp = frame.readUInt32BE(26);
  const dstIp = frame.readUInt32BE(30);
  if (protocol !== IP_TCP) return { kind: 'ipv4', dstIp, protocol };
  const t = ipStart + ihl * 4;
  if (frame.length < t + 20) return { kind: 'ipv4', dstIp, protocol };
  const dataOff = ((frame[t + 12] ?? 0) >> 4) * 4;
  const end = Math.min(frame.length, ipStart + totalLen);
  let mss: number | undefined;
  for (let o = t + 20; o < t + dataOff; ) {
    const kind = frame[o];
    if (kind === 0) break;
    if (kind === 1) {
      o++;
      continue;
    }
    const len = frame[o + 1] ?? 2;
    if (kind === 2 && len === 4) mss = frame.readUInt16BE(o + 2);
    o += Math.max(2, len);
  }
  return {
    kind: 'ipv4',
    dstIp,
    protocol,
    tcp: {
      srcMac: Buffer.from(frame.subarray(6, 12)),
      srcIp,
      dstIp,
      srcPort: frame.readUInt16BE(t),
      dstPort: frame.readUInt16BE(t + 2),
      seq: frame.readUInt32BE(t + 4),
      ack: frame.readUInt32BE(t + 8),
      flags: frame[t + 13] ?? 0,
      window: frame.readUInt16BE(t + 14),
      mss,
      payload: Buffer.from(frame.subarray(t + dataOff, end)),
    },
  };
}

export function buildArpReply(ourMac: Buffer, ourIp: number, to: Arp): Buffer {
  const f = Buffer.alloc(42);
  to.senderMac.copy(f, 0);
  ourMac.copy(f, 6);
  f.writeUInt16BE(ETH_ARP, 12);
  f.writeUInt16BE(1, 14); // Ethernet
  f.writeUInt16BE(ETH_IPV4, 16);
  f[18] = 6;
  f[19] = 4;
  f.writeUInt16BE(2, 20); // reply
  ourMac.copy(f, 22);
  f.writeUInt32BE(ourIp, 28);
  to.senderMac.copy(f, 32);
  f.writeUInt32BE(to.senderIp, 38);
  return f;
}

let ipId = 0;

export interface TcpOut {
  srcMac: Buffer;
  dstMac: Buffer;
  srcIp: number;
  dstIp: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  payload?: Buffer;
  /** Adds an MSS option (on SYN-ACK). */
  mss?: number;
}

export function buildTcp(o: TcpOut): Buffer {
  const payload = o.payload ?? Buffer.alloc(0);
  const optLen = o.mss ? 4 : 0;
  const tcpLen = 20 + optLen + payload.length;
  const f = Buffer.alloc(14 + 20 + tcpLen);
  o.dstMac.copy(f, 0);
  o.srcMac.copy(f, 6);
  f.writeUInt16BE(ETH_IPV4, 12);
  f[14] = 0x45;
  f.writeUInt16BE(20 + tcpLen, 16);
  ipId = (ipId + 1) & 0xffff;
  f.writeUInt16BE(ipId, 18);
  f.writeUInt16BE(0x4000, 20); // don't fragment
  f[22] = 64;
  f[23] = IP_TCP;
  f.writeUInt32BE(o.srcIp, 26);
  f.writeUInt32BE(o.dstIp, 30);
  f.writeUInt16BE(checksum(f.subarray(14, 34)), 24);
  const t = 34;
  f.writeUInt16BE(o.srcPort, t);
  f.writeUInt16BE(o.dstPort, t + 2);
  f.writeUInt32BE(o.seq >>> 0, t + 4);
  f.writeUInt32BE(o.ack >>> 0, t + 8);
  f[t + 12] = ((20 + optLen) / 4) << 4;
  f[t + 13] = o.flags;
  f.writeUInt16BE(65535, t + 14);
  if (o.mss) {
    f[t + 20] = 2;
    f[t + 21] = 4;
    f.writeUInt16BE(o.mss, t + 22);
  }
  payload.copy(f, t + 20 + optLen);
  const pseudo = Buffer.alloc(12);
  pseudo.writeUInt32BE(o.srcIp, 0);
  pseudo.writeUInt32BE(o.dstIp, 4);
  pseudo[9] = IP_TCP;
  pseudo.writeUInt16BE(tcpLen, 10);
  f.writeUInt16BE(checksum(Buffer.concat([pseudo, f.subarray(t)])), t + 16);
  return f;
}

/** The Internet checksum (RFC 1071). */
export function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < data.length; i += 2) sum += data.readUInt16BE(i);
  if (data.length % 2) sum += (data[data.length - 1] ?? 0) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
