// The manager's /v1/events stream read as a browser's EventSource would (single-use ticket), parsed as it arrives.
import type { ManagerClient } from '@nqvm/client';

/** One server-sent event: the SSE `id`/`event` fields and the manager's JSON `data`. */
export interface ManagerSseEvent {
  id: number;
  event: string;
  data: {
    id: number;
    ts: string;
    kind: string;
    resource_type: string;
    resource_id: string;
    data: Record<string, unknown>;
  };
}

export interface EventStream {
  /** Every event received so far, in arrival order. */
  readonly events: readonly ManagerSseEvent[];
  /** Resolves with the first event (already received or still to come) that matches; no polling. */
  next(what: string, match: (e: ManagerSseEvent) => boolean, timeoutMs?: number): Promise<ManagerSseEvent>;
  close(): void;
}

/**
 * Opens `GET /v1/events?ticket=...` (`after` replays from that event id on) and resolves once the
 * manager's `: connected` comment has arrived, i.e. once it has subscribed: nothing published
 * after that can be missed.
 */
export async function openEvents(client: ManagerClient, after?: number): Promise<EventStream> {
  const { ticket } = await client.tickets.create();
  const abort = new AbortController();
  const res = await fetch(client.eventsUrlWithTicket(ticket, after), { signal: abort.signal });
  if (res.status !== 200 || !res.body) {
    throw new Error(`GET /v1/events answered ${res.status}: ${await res.text()}`);
  }
  const events: ManagerSseEvent[] = [];
  const waiters = new Set<{
    match: (e: ManagerSseEvent) => boolean;
    resolve: (e: ManagerSseEvent) => void;
  }>();
  let connected: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    connected = resolve;
  });

  /** One SSE block (lines up to a blank line): comments start with ':'. */
  function onBlock(block: string): void {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line === ': connected') connected();
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const key = line.slice(0, colon);
      fields[key] = (fields[key] ? `${fields[key]}\n` : '') + line.slice(colon + 1).replace(/^ /, '');
    }
    if (fields.data === undefined) return;
    const event: ManagerSseEvent = {
      id: Number(fields.id),
      event: fields.event ?? 'message',
      data: JSON.parse(fields.data),
    };
    events.push(event);
    for (const w of waiters) if (w.match(event)) w.resolve(event);
  }

  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          onBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  await ready;

  return {
    events,
    next(what, match, timeoutMs = 120_000) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (e: ManagerSseEvent) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(e);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const got = events.map((e) => `${e.id} ${e.event} ${JSON.stringify(e.data.data)}`).join('\n');
          reject(new Error(`no event for ${what} within ${timeoutMs} ms; received:\n${got}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close() {
      abort.abort();
    },
  };
}
