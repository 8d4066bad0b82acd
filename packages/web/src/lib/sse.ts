// A minimal server-sent-events parser over a fetch() body, so the stream can carry an Authorization header.
import type { ManagerEvent } from '@nqvm/client';

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** Splits a chunked text stream into SSE messages; comments (keepalives) are dropped. */
export function createSseParser(onMessage: (msg: SseMessage) => void) {
  let buffer = '';
  return (chunk: string) => {
    buffer += chunk.replace(/\r\n/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const msg: SseMessage = { data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(value);
        else if (field === 'id') msg.id = value;
        else if (field === 'event') msg.event = value;
      }
      if (data.length > 0) {
        msg.data = data.join('\n');
        onMessage(msg);
      }
      end = buffer.indexOf('\n\n');
    }
  };
}

export function parseManagerEvent(msg: SseMessage): ManagerEvent | undefined {
  try {
    const parsed = JSON.parse(msg.data) as ManagerEvent;
    return typeof parsed.resource_type === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
