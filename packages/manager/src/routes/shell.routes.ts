// /v1/vms/{id}/shell/ws: the browser's terminal, proxied to the agent's serial console WebSocket.
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { idParams } from '../schemas/common.schema.js';
import type { Services } from '../services/services.js';

interface ClientMessage {
  type: 'input' | 'resize';
  data?: string;
  cols?: number;
  rows?: number;
}

/** Our clients speak {type:"input"|"output"}; the agent speaks {type:"data"} both ways. */
function toAgent(raw: string): string | undefined {
  try {
    const msg = JSON.parse(raw) as ClientMessage;
    if (msg.type === 'input' && typeof msg.data === 'string')
      return JSON.stringify({ type: 'data', data: msg.data });
    if (msg.type === 'resize') return JSON.stringify({ type: 'resize', cols: msg.cols, rows: msg.rows });
  } catch {
    // A bare string is keyboard input, for simple clients.
    return JSON.stringify({ type: 'data', data: raw });
  }
  return undefined;
}

function toClient(raw: string): string {
  try {
    const msg = JSON.parse(raw) as { type: string; data?: string };
    if (msg.type === 'data') return JSON.stringify({ type: 'output', data: msg.data ?? '' });
    return raw;
  } catch {
    return JSON.stringify({ type: 'output', data: raw });
  }
}

export function shellRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Params: { id: string } }>(
    '/v1/vms/:id/shell/ws',
    {
      websocket: true,
      schema: { tags: ['vms'], summary: 'Terminal WebSocket (serial console)', params: idParams },
    },
    async (socket, req) => {
      const pending: string[] = [];
      let upstream: WebSocket | undefined;
      socket.on('message', (data) => {
        const out = toAgent(data.toString());
        if (!out) return;
        if (upstream?.readyState === WebSocket.OPEN) upstream.send(out);
        else pending.push(out);
      });
      socket.on('close', () => upstream?.close());
      try {
        const target = await s.shell.consoleTarget(req.params.id);
        upstream = new WebSocket(target.url, { headers: target.headers, ...target.tls });
      } catch (err) {
        socket.send(JSON.stringify({ type: 'error', data: (err as Error).message }));
        socket.close(1011, 'console unavailable');
        return;
      }
      upstream.on('open', () => {
        for (const m of pending.splice(0)) upstream?.send(m);
      });
      upstream.on('message', (data) => socket.send(toClient(data.toString())));
      upstream.on('close', () => socket.close());
      upstream.on('error', (err) => {
        socket.send(JSON.stringify({ type: 'error', data: `agent console: ${err.message}` }));
        socket.close(1011, 'agent console failed');
      });
    },
  );
}
