// The terminal's WebSocket: spec messages {type:"input"|"output", data} plus {type:"resize", cols, rows},
// with automatic reconnection (backoff) after an unexpected close. Owned by the VM page, closed on unmount.

export type ShellStatus = 'connecting' | 'open' | 'closed' | 'error';

export interface ShellSocket {
  send(data: string): void;
  resize(cols: number, rows: number): void;
  reconnect(): void;
  close(): void;
}

export interface ShellCallbacks {
  onOutput(data: string): void;
  onStatus(status: ShellStatus, detail?: string): void;
}

interface Options {
  /** Called for every connection: a promise when each one needs a fresh single-use ticket. */
  url: () => string | Promise<string>;
  callbacks: ShellCallbacks;
  maxRetries?: number;
  /** Injected in tests; the browser's WebSocket otherwise. */
  createSocket?: (url: string) => WebSocket;
}

export function parseShellMessage(raw: string): { type: string; data?: string } {
  try {
    const msg = JSON.parse(raw) as { type?: unknown; data?: unknown };
    if (typeof msg.type === 'string')
      return { type: msg.type, data: typeof msg.data === 'string' ? msg.data : undefined };
  } catch {
    // Not JSON: a bare string is console output.
  }
  return { type: 'output', data: raw };
}

export function openShellSocket({ url, callbacks, maxRetries = 5, createSocket }: Options): ShellSocket {
  let socket: WebSocket | undefined;
  let closedByUs = false;
  let retries = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSize: { cols: number; rows: number } | undefined;

  const sendJson = (msg: object) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
  };

  /** After a drop or a failed attempt: back off and try again, or give up after maxRetries. */
  const retryLater = (reason: string) => {
    if (closedByUs) return callbacks.onStatus('closed');
    if (retries >= maxRetries) return callbacks.onStatus('closed', reason || 'connection closed');
    retries++;
    callbacks.onStatus('connecting', `reconnecting (attempt ${retries} of ${maxRetries})`);
    timer = setTimeout(connect, Math.min(10_000, 500 * 2 ** retries));
  };

  // Each connect() supersedes the previous one, including a URL (ticket) still on its way.
  let attempt = 0;
  const connect = () => {
    callbacks.onStatus('connecting');
    const mine = ++attempt;
    let target: string | Promise<string>;
    try {
      target = url();
    } catch (err) {
      return retryLater((err as Error).message);
    }
    if (typeof target === 'string') return openSocket(target);
    target.then(
      (u) => {
        if (mine === attempt && !closedByUs) openSocket(u);
      },
      (err: unknown) => {
        if (mine === attempt) retryLater(err instanceof Error ? err.message : String(err));
      },
    );
  };

  const openSocket = (target: string) => {
    const ws = (createSocket ?? ((u: string) => new WebSocket(u)))(target);
    socket = ws;
    ws.onopen = () => {
      retries = 0;
      callbacks.onStatus('open');
      // The new console session doesn't know our size yet.
      if (lastSize) sendJson({ type: 'resize', ...lastSize });
    };
    ws.onmessage = (ev) => {
      const msg = parseShellMessage(typeof ev.data === 'string' ? ev.data : '');
      if (msg.type === 'output' && msg.data) callbacks.onOutput(msg.data);
      else if (msg.type === 'error') callbacks.onStatus('error', msg.data ?? 'console error');
    };
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      retryLater(ev.reason);
    };
  };

  connect();

  return {
    send: (data) => sendJson({ type: 'input', data }),
    resize: (cols, rows) => {
      lastSize = { cols, rows };
      sendJson({ type: 'resize', cols, rows });
    },
    reconnect: () => {
      if (timer) clearTimeout(timer);
      const old = socket;
      socket = undefined;
      old?.close();
      retries = 0;
      closedByUs = false;
      connect();
    },
    close: () => {
      closedByUs = true;
      if (timer) clearTimeout(timer);
      if (socket) socket.close();
      else callbacks.onStatus('closed');
    },
  };
}
