// The MMDS responder answers crafted guest frames: ARP, a TCP handshake and HTTP GET/PUT (V1, V2).
import { describe, expect, it } from 'vitest';
import { MmdsStore } from '../mmds-store.js';
import { buildTcp, ipToInt, parseFrame, TCP_ACK, TCP_PSH, TCP_SYN } from './frames.js';
import { getValue } from './mmds-http.js';
import { MMDS_MAC, MmdsStack } from './mmds-stack.js';

const guestMac = Buffer.from([0x06, 0, 0, 0, 0, 0x02]);
const guestIp = ipToInt('192.168.213.2');
const mmdsIp = ipToInt('169.254.169.254');

function arpRequest(target: number): Buffer {
  const f = Buffer.alloc(42);
  f.fill(0xff, 0, 6);
  guestMac.copy(f, 6);
  f.writeUInt16BE(0x0806, 12);
  f.writeUInt16BE(1, 14);
  f.writeUInt16BE(0x0800, 16);
  f[18] = 6;
  f[19] = 4;
  f.writeUInt16BE(1, 20);
  guestMac.copy(f, 22);
  f.writeUInt32BE(guestIp, 28);
  f.writeUInt32BE(target, 38);
  return f;
}

const seg = (seq: number, ack: number, flags: number, payload?: string) =>
  buildTcp({
    srcMac: guestMac,
    dstMac: MMDS_MAC,
    srcIp: guestIp,
    dstIp: mmdsIp,
    srcPort: 40000,
    dstPort: 80,
    seq,
    ack,
    flags,
    payload: payload ? Buffer.from(payload) : undefined,
  });

/** Opens a connection, sends one request, returns the HTTP text the guest would receive. */
function exchange(stack: MmdsStack, request: string): string {
  const [synAck] = stack.handle(seg(1000, 0, TCP_SYN)) ?? [];
  const sa = synAck ? parseFrame(synAck) : undefined;
  if (sa?.kind !== 'ipv4' || !sa.tcp) throw new Error('no SYN-ACK');
  expect(sa.tcp.flags & (TCP_SYN | TCP_ACK)).toBe(TCP_SYN | TCP_ACK);
  expect(sa.tcp.ack).toBe(1001);
  const replies = stack.handle(seg(1001, sa.tcp.seq + 1, TCP_ACK | TCP_PSH, request)) ?? [];
  return replies
    .map((f) => parseFrame(f))
    .map((p) => (p.kind === 'ipv4' && p.tcp ? p.tcp.payload.toString() : ''))
    .join('');
}

function store(): MmdsStore {
  const s = new MmdsStore();
  s.put({ latest: { 'meta-data': { 'instance-id': 'i-123', ami: { id: 'a' } } }, n: 5 });
  return s;
}

describe('MmdsStack', () => {
  it('answers ARP for the MMDS address only', () => {
    const stack = new MmdsStack(store(), { network_interfaces: ['eth0'] }, 'vm');
    const [reply] = stack.handle(arpRequest(mmdsIp)) ?? [];
    const p = reply ? parseFrame(reply) : undefined;
    expect(p?.kind === 'arp' && p.arp.op).toBe(2);
    expect(p?.kind === 'arp' && p.arp.senderMac.equals(MMDS_MAC)).toBe(true);
    expect(stack.handle(arpRequest(ipToInt('192.168.213.1')))).toBeUndefined();
  });

  it('serves V1 GETs in IMDS text and JSON without a token', () => {
    const stack = new MmdsStack(store(), { network_interfaces: ['eth0'] }, 'vm');
    const text = exchange(stack, 'GET /latest/meta-data/ HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1.1 200 OK/);
    expect(text.split('\r\n\r\n')[1]).toBe('ami/\ninstance-id');
    const json = exchange(stack, 'GET /latest/meta-data/ami HTTP/1.1\r\nAccept: application/json\r\n\r\n');
    expect(json.split('\r\n\r\n')[1]).toBe('{"id":"a"}');
  });

  it('requires a V2 session token obtained with PUT', () => {
    const stack = new MmdsStack(store(), { network_interfaces: ['eth0'], version: 'V2' }, 'vm');
    expect(exchange(stack, 'GET /latest/meta-data/instance-id HTTP/1.1\r\n\r\n')).toMatch(/^HTTP\/1.1 401/);
    const put = exchange(stack, 'PUT /latest/api/token HTTP/1.1\r\nX-metadata-token-ttl-seconds: 60\r\n\r\n');
    const token = put.split('\r\n\r\n')[1] ?? '';
    const got = exchange(
      stack,
      `GET /latest/meta-data/instance-id HTTP/1.1\r\nX-metadata-token: ${token}\r\n\r\n`,
    );
    expect(got.split('\r\n\r\n')[1]).toBe('i-123');
    const bad = exchange(stack, 'PUT /latest/api/token HTTP/1.1\r\nX-metadata-token-ttl-seconds: 0\r\n\r\n');
    expect(bad).toContain('Please provide a value between 1 and 21600.');
  });

  it('lets other traffic pass', () => {
    const stack = new MmdsStack(store(), { network_interfaces: ['eth0'] }, 'vm');
    const other = buildTcp({
      ...{ srcMac: guestMac, dstMac: guestMac, srcIp: guestIp },
      dstIp: ipToInt('192.168.213.1'),
      srcPort: 1,
      dstPort: 80,
      seq: 0,
      ack: 0,
      flags: TCP_SYN,
    });
    expect(stack.handle(other)).toBeUndefined();
  });
});

describe('getValue', () => {
  it('formats like Firecracker: 404 for a missing path, 501 for a non-string leaf in IMDS', () => {
    const data = { a: { b: 'x' }, n: 1 };
    expect(getValue(data, '/nope', false)).toMatchObject({ status: 404, body: 'Resource not found: /nope.' });
    expect(getValue(data, '/n', false).status).toBe(501);
    expect(getValue(data, '/n', true)).toMatchObject({ status: 200, body: '1' });
    expect(getValue(data, '//a//b', false)).toMatchObject({ status: 200, body: 'x' });
  });
});
