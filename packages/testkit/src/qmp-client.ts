// Minimal QMP client over a unix socket, for tests that press the power button or query QEMU.
import { createConnection, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export interface QmpEvent {
  readonly event: string;
  readonly data?: unknown;
}

export interface QmpClient {
  /** Sends a command; resolves with its `return` value, rejects with QMP's `error.desc`. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T>;
  /** Resolves at the first event of that name (including ones already received). */
  waitForEvent(name: string, timeoutMs?: number): Promise<QmpEvent>;
  close(): void;
}

/** Connects (retrying while QEMU creates the socket) and leaves capabilities negotiation done. */
/** Connects once the socket accepts; `retryMs` is how often to retry meanwhile (benchmarks want it small). */
export async function connectQmp(socketPath: string, timeoutMs = 10_000, retryMs = 50): Promise<QmpClient> {
  const deadline = Date.now() + timeoutMs;
  let socket: Socket | undefined;
  while (!socket) {
    try {
      socket = await connectOnce(socketPath);
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`QMP socket ${socketPath} did not accept: ${(err as Error).message}`);
      await delay(retryMs);
    }
  }
  const client = createClient(socket);
  await client.ready;
  await client.execute('qmp_capabilities');
  return client;
}

function connectOnce(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function createClient(socket: Socket): QmpClient & { ready: Promise<void> } {
  let buffer = '';
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const events: QmpEvent[] = [];
  const eventWaiters = new Set<{ name: string; resolve: (e: QmpEvent) => void }>();
  let greeted: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    greeted = resolve;
  });

  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) handle(JSON.parse(line) as Record<string, unknown>);
    }
  });
  const failAll = () => {
    for (const { reject } of pending.values()) reject(new Error('QMP connection closed'));
    pending.clear();
  };
  socket.on('close', failAll);
  socket.on('error', failAll);

  function handle(msg: Record<string, unknown>): void {
    if ('QMP' in msg) {
      greeted();
      return;
    }
    if (typeof msg.event === 'string') {
      const event = { event: msg.event, data: msg.data };
      events.push(event);
      for (const waiter of eventWaiters) {
        if (waiter.name === event.event) {
          eventWaiters.delete(waiter);
          waiter.resolve(event);
        }
      }
      return;
    }
    const request = pending.get(msg.id as number);
    if (!request) return;
    pending.delete(msg.id as number);
    const error = msg.error as { desc?: string } | undefined;
    if (error) request.reject(new Error(`QMP error: ${error.desc ?? JSON.stringify(error)}`));
    else request.resolve(msg.return);
  }

  return {
    ready,
    execute<T>(command: string, args?: Record<string, unknown>): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        socket.write(`${JSON.stringify({ execute: command, arguments: args, id })}\n`);
      });
    },
    waitForEvent(name: string, timeoutMs = 30_000): Promise<QmpEvent> {
      const seen = events.find((e) => e.event === name);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          name,
          resolve: (e: QmpEvent) => {
            clearTimeout(timer);
            resolve(e);
          },
        };
        const timer = setTimeout(() => {
          eventWaiters.delete(waiter);
          reject(
            new Error(
              `no QMP event ${name} within ${timeoutMs} ms (saw: ${events.map((e) => e.event).join(', ') || 'none'})`,
            ),
          );
        }, timeoutMs);
        eventWaiters.add(waiter);
      });
    },
    close() {
      socket.destroy();
    },
  };
}
