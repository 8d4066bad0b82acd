// The terminal socket speaks the spec's messages, resends its size after a reconnect, and retries with backoff.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openShellSocket, parseShellMessage, type ShellStatus } from './shell-socket';

/** A stand-in WebSocket the test drives by hand. */
class FakeSocket {
  static OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { reason: string }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.onclose?.({ reason: '' });
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(reason = 'gone') {
    this.readyState = 3;
    this.onclose?.({ reason });
  }
}

describe('openShellSocket', () => {
  let sockets: FakeSocket[];
  let statuses: [ShellStatus, string | undefined][];
  let output: string[];

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    sockets = [];
    statuses = [];
    output = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const open = (maxRetries = 2) =>
    openShellSocket({
      url: () => 'ws://m/v1/vms/x/shell/ws',
      maxRetries,
      callbacks: { onOutput: (d) => output.push(d), onStatus: (s, d) => statuses.push([s, d]) },
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s as unknown as WebSocket;
      },
    });

  it('sends input and resize as spec messages and passes output through', () => {
    const shell = open();
    sockets[0]?.open();
    shell.send('ls\n');
    shell.resize(120, 40);
    expect(sockets[0]?.sent).toEqual([
      '{"type":"input","data":"ls\\n"}',
      '{"type":"resize","cols":120,"rows":40}',
    ]);
    sockets[0]?.onmessage?.({ data: '{"type":"output","data":"hello"}' });
    sockets[0]?.onmessage?.({ data: '{"type":"error","data":"console unavailable"}' });
    expect(output).toEqual(['hello']);
    expect(statuses.at(-1)).toEqual(['error', 'console unavailable']);
  });

  it('reconnects after an unexpected close, resending the last size, then gives up after maxRetries', () => {
    const shell = open(1);
    sockets[0]?.open();
    shell.resize(80, 24);
    sockets[0]?.drop();
    expect(statuses.at(-1)).toEqual(['connecting', 'reconnecting (attempt 1 of 1)']);
    vi.runOnlyPendingTimers();
    expect(sockets).toHaveLength(2);
    sockets[1]?.open();
    expect(sockets[1]?.sent).toEqual(['{"type":"resize","cols":80,"rows":24}']);
    // A successful open resets the budget: one more retry, which fails before opening.
    sockets[1]?.drop();
    expect(statuses.at(-1)?.[0]).toBe('connecting');
    vi.runOnlyPendingTimers();
    sockets[2]?.drop('agent console failed');
    expect(statuses.at(-1)).toEqual(['closed', 'agent console failed']);
    vi.runOnlyPendingTimers();
    expect(sockets).toHaveLength(3);
  });

  it('stops for good when closed by the page (unmount)', () => {
    const shell = open();
    sockets[0]?.open();
    shell.close();
    vi.runOnlyPendingTimers();
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toEqual(['closed', undefined]);
  });

  it('asks for a fresh URL (ticket) on every connection and counts a failed ask as a failed attempt', async () => {
    let asked = 0;
    const shell = openShellSocket({
      url: async () => {
        asked++;
        if (asked === 2) throw new Error('Invalid or used ticket');
        return `ws://m/v1/vms/x/shell/ws?ticket=t${asked}`;
      },
      maxRetries: 3,
      callbacks: { onOutput: () => undefined, onStatus: (st, d) => statuses.push([st, d]) },
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s as unknown as WebSocket;
      },
    });
    await vi.waitFor(() => expect(sockets).toHaveLength(1));
    expect(sockets[0]?.url).toBe('ws://m/v1/vms/x/shell/ws?ticket=t1');
    sockets[0]?.open();
    sockets[0]?.drop();
    await vi.runOnlyPendingTimersAsync();
    // The second ask failed: no socket, another attempt scheduled.
    expect(statuses.at(-1)).toEqual(['connecting', 'reconnecting (attempt 2 of 3)']);
    await vi.runOnlyPendingTimersAsync();
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    expect(sockets[1]?.url).toBe('ws://m/v1/vms/x/shell/ws?ticket=t3');
    shell.close();
  });

  it('reconnect() replaces the socket at once', () => {
    const shell = open();
    sockets[0]?.open();
    shell.reconnect();
    expect(sockets).toHaveLength(2);
    expect(sockets[0]?.readyState).toBe(3);
  });
});

describe('parseShellMessage', () => {
  it('reads spec messages and treats bare text as output', () => {
    expect(parseShellMessage('{"type":"output","data":"x"}')).toEqual({ type: 'output', data: 'x' });
    expect(parseShellMessage('plain text')).toEqual({ type: 'output', data: 'plain text' });
  });
});
