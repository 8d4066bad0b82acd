// A tiny ARP + TCP responder for the MMDS address: consumes the guest's MMDS frames, answers them.
import { randomInt } from 'node:crypto';
import type { MmdsConfig } from '@nqvm/fc-api';
import type { MmdsStore } from '../mmds-store.js';
import {
  buildArpReply,
  buildTcp,
  IP_TCP,
  ipToInt,
  parseFrame,
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  type TcpSegment,
} from './frames.js';
import { encodeResponse, parseRequest, respond } from './mmds-http.js';
import { TokenAuthority } from './mmds-token.js';

/** A locally administered MAC for the MMDS "host" (the one Firecracker's stack uses too). */
export const MMDS_MAC = Buffer.from([0x06, 0x01, 0x23, 0x45, 0x67, 0x01]);
export const DEFAULT_MMDS_IP = '169.254.169.254';

interface Conn {
  sndNxt: number;
  rcvNxt: number;
  mss: number;
  buf: Buffer;
  finSent: boolean;
}

export class MmdsStack {
  private readonly ip: number;
  private readonly conns = new Map<string, Conn>();
  private readonly tokens: TokenAuthority;

  constructor(
    private readonly store: MmdsStore,
    private readonly config: MmdsConfig,
    instanceId: string,
  ) {
    this.ip = ipToInt(config.ipv4_address ?? DEFAULT_MMDS_IP);
    this.tokens = new TokenAuthority(`microvmid=${instanceId}`);
  }

  /** Returns replies for the guest if the frame was for MMDS; undefined means "not ours, forward it". */
  handle(frame: Buffer): Buffer[] | undefined {
    const p = parseFrame(frame);
    if (p.kind === 'arp') {
      if (p.arp.targetIp !== this.ip) return undefined;
      return p.arp.op === 1 ? [buildArpReply(MMDS_MAC, this.ip, p.arp)] : [];
    }
    if (p.kind !== 'ipv4' || p.dstIp !== this.ip) return undefined;
    // Everything else sent to the MMDS address is swallowed, as Firecracker does.
    if (p.protocol !== IP_TCP || !p.tcp || p.tcp.dstPort !== 80) return [];
    return this.tcp(p.tcp);
  }

  private tcp(s: TcpSegment): Buffer[] {
    const key = `${s.srcIp}:${s.srcPort}`;
    const reply = (c: Conn, flags: number, payload?: Buffer, mss?: number) =>
      buildTcp({
        srcMac: MMDS_MAC,
        dstMac: s.srcMac,
        srcIp: this.ip,
        dstIp: s.srcIp,
        srcPort: 80,
        dstPort: s.srcPort,
        seq: c.sndNxt,
        ack: c.rcvNxt,
        flags,
        payload,
        mss,
      });
    if (s.flags & TCP_RST) {
      this.conns.delete(key);
      return [];
    }
    let c = this.conns.get(key);
    if (s.flags & TCP_SYN) {
      c = {
        sndNxt: randomInt(0, 2 ** 31),
        rcvNxt: (s.seq + 1) >>> 0,
        mss: s.mss ?? 536,
        buf: Buffer.alloc(0),
        finSent: false,
      };
      this.conns.set(key, c);
      const synAck = reply(c, TCP_SYN | TCP_ACK, undefined, 1460);
      c.sndNxt = (c.sndNxt + 1) >>> 0;
      return [synAck];
    }
    if (!c) {
      const rst = { sndNxt: s.ack, rcvNxt: (s.seq + s.payload.length) >>> 0 } as Conn;
      return [reply(rst, TCP_RST | TCP_ACK)];
    }
    const out: Buffer[] = [];
    if (s.payload.length > 0) {
      if (s.seq !== c.rcvNxt) return [reply(c, TCP_ACK)];
      c.rcvNxt = (c.rcvNxt + s.payload.length) >>> 0;
      c.buf = Buffer.concat([c.buf, s.payload]);
      const parsed = parseRequest(c.buf);
      if (!parsed) return [reply(c, TCP_ACK)];
      c.buf = c.buf.subarray(parsed.length);
      const res = encodeResponse(
        respond(parsed.request, this.store, this.config, this.tokens),
        parsed.request.version,
      );
      for (let i = 0; i < res.length; i += c.mss) {
        const chunk = res.subarray(i, i + c.mss);
        out.push(reply(c, TCP_ACK | TCP_PSH, chunk));
        c.sndNxt = (c.sndNxt + chunk.length) >>> 0;
      }
      // One request per connection: close our side after the answer.
      out.push(reply(c, TCP_FIN | TCP_ACK));
      c.sndNxt = (c.sndNxt + 1) >>> 0;
      c.finSent = true;
    }
    if (s.flags & TCP_FIN) {
      c.rcvNxt = (c.rcvNxt + 1) >>> 0;
      if (!c.finSent) {
        out.push(reply(c, TCP_FIN | TCP_ACK));
        c.sndNxt = (c.sndNxt + 1) >>> 0;
        c.finSent = true;
      } else out.push(reply(c, TCP_ACK));
      this.conns.delete(key);
    }
    return out;
  }
}
