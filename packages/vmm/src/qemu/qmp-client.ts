// A QMP client: JSON over a Unix socket, commands matched to replies by id, events fanned out.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileAppears } from '@nqvm/core';
import { qemuErrors } from './qemu-errors.js';

export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
}

interface Pending {
  command: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export interface QmpClient {
  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T>;
  on(event: 'event', listener: (ev: QmpEvent) => void): void;
  off(event: 'event', listener: (ev: QmpEvent) => void): void;
  /** Resolves with the next event of this name (optionally matching a predicate). */
  waitEvent(name: string, timeoutMs: number, match?: (ev: QmpEvent) => boolean): Promise<QmpEvent>;
  close(): void;
  readonly closed: Promise<void>;
}

/**
 * Connects once QEMU has created the socket, then negotiates capabilities. The socket's directory
 * is watched (inotify), so the connect follows the socket's creation at once instead of up to a
 * poll period later; `retryMs` is the safety net (and the retry after a refused connect).
 */
export async function connectQmp(path: string, timeoutMs = 10_000, retryMs = 20): Promise<QmpClient> {
  const deadline = Date.now() + timeoutMs;
  const created = fileAppears(path);
  try {
    for (;;) {
      try {
        const socket = await openSocket(path);
        return await negotiate(socket);
      } catch (err) {
        if (Date.now() > deadline) throw qemuErrors.QMP_CONNECT({ path }, String(err));
        // The file appears at bind(), a moment before listen(): a refused connect then retries soon.
        await created.wait(existsSync(path) ? Math.min(retryMs, 2) : retryMs);
      }
    }
  } finally {
    created.close();
  }
}

function openSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

async function negotiate(socket: Socket): Promise<QmpClient> {
  const emitter = new EventEmitter();
  const pending = new Map<string, Pending>();
  let nextId = 1;
  let buffer = '';
  let greeted: (() => void) | undefined;
  const greeting = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });

  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) dispatch(JSON.parse(line) as Record<string, unknown>);
    }
  });
  const fail = () => {
    for (const p of pending.values()) p.reject(qemuErrors.QMP_CLOSED({ command: p.command }));
    pending.clear();
    markClosed();
  };
  socket.on('close', fail);
  socket.on('error', () => socket.destroy());

  function dispatch(msg: Record<string, unknown>): void {
    if ('QMP' in msg) {
      greeted?.();
      return;
    }
    if (typeof msg.event === 'string') {
      emitter.emit('event', msg as unknown as QmpEvent);
      return;
    }
    const id = String(msg.id);
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if ('error' in msg) {
      const e = msg.error as { class?: string; desc?: string };
      p.reject(qemuErrors.QMP_COMMAND({ command: p.command, desc: e.desc ?? 'unknown error' }, e.class));
    } else p.resolve(msg.return);
  }

  const execute = <T>(command: string, args?: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (socket.destroyed) return reject(qemuErrors.QMP_CLOSED({ command }));
      const id = String(nextId++);
      pending.set(id, { command, resolve: resolve as (v: unknown) => void, reject });
      socket.write(
        `${JSON.stringify(args ? { execute: command, arguments: args, id } : { execute: command, id })}\n`,
      );
    });

  const client: QmpClient = {
    execute,
    on: (_e, l) => emitter.on('event', l),
    off: (_e, l) => emitter.off('event', l),
    waitEvent: (name, timeoutMs, match) =>
      new Promise<QmpEvent>((resolve, reject) => {
        const timer = setTimeout(() => {
          emitter.off('event', listener);
          reject(qemuErrors.QMP_EVENT_TIMEOUT({ event: name, ms: timeoutMs }));
        }, timeoutMs);
        const listener = (ev: QmpEvent) => {
          if (ev.event !== name || (match && !match(ev))) return;
          clearTimeout(timer);
          emitter.off('event', listener);
          resolve(ev);
        };
        emitter.on('event', listener);
      }),
    close: () => socket.destroy(),
    closed,
  };

  const greetTimer = setTimeout(() => socket.destroy(), 5_000);
  await Promise.race([greeting, closed.then(() => Promise.reject(new Error('QMP closed before greeting')))]);
  clearTimeout(greetTimer);
  await execute('qmp_capabilities');
  return client;
}
