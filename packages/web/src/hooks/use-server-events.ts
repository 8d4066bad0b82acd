// Follows GET /v1/events (SSE) and invalidates the matching queries, reconnecting with backoff and
// resuming after the last event seen (?after=) so nothing is missed across a drop.
import type { ManagerEvent } from '@nqvm/client';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '@/lib/api-client';
import { getToken } from '@/lib/auth-token';
import { invalidationsFor } from '@/lib/event-invalidation';
import { setLiveStatus } from '@/lib/live-status';
import { queryKeys } from '@/lib/query-keys';
import { createSseParser, parseManagerEvent } from '@/lib/sse';

const RECENT_LIMIT = 50;
const MAX_BACKOFF_MS = 30_000;

function onEvent(qc: QueryClient, event: ManagerEvent): void {
  for (const queryKey of invalidationsFor(event)) void qc.invalidateQueries({ queryKey });
  qc.setQueryData<ManagerEvent[]>(queryKeys.events.recent(), (old = []) =>
    [event, ...old].slice(0, RECENT_LIMIT),
  );
}

async function follow(
  qc: QueryClient,
  after: number | undefined,
  signal: AbortSignal,
): Promise<number | undefined> {
  let last = after;
  // A 401 has already sent the user to sign in (the client's onUnauthorized); it just ends this attempt.
  const body = await api().events.open({ after, signal });
  setLiveStatus('live');
  const parse = createSseParser((msg) => {
    const event = parseManagerEvent(msg);
    if (!event) return;
    last = event.id;
    onEvent(qc, event);
  });
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return last;
    parse(value);
  }
}

export function useServerEvents(): void {
  const qc = useQueryClient();
  useEffect(() => {
    const controller = new AbortController();
    let after: number | undefined;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const connect = () => {
      // Signed out (the sign-in page): no stream to follow until there is a token to send.
      if (!getToken()) {
        setLiveStatus('offline');
        timer = setTimeout(connect, 1_000);
        return;
      }
      setLiveStatus(attempt === 0 ? 'connecting' : 'offline');
      follow(qc, after, controller.signal)
        .then((last) => {
          after = last ?? after;
          attempt = 0;
        })
        .catch(() => {
          attempt++;
        })
        .finally(() => {
          if (controller.signal.aborted) return;
          setLiveStatus('offline');
          // Whatever changed while disconnected: refetch once the stream is back.
          if (attempt === 0) void qc.invalidateQueries();
          const delay = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(attempt, 5));
          timer = setTimeout(connect, delay);
        });
    };
    connect();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [qc]);
}
