// The console WebSocket: history on attach, output as `{type:"data"}`, input into the VM's FIFO.
import type { FastifyInstance } from 'fastify';
import type { AgentContext } from './agent-context.js';
import { agentErrors } from './agent-errors.js';
import type { AgentServices } from './agent-services.js';
import { toCodedError } from './error-handler.js';
import { vmIdParams } from './schemas.js';

type ClientMessage = { type: 'data'; data: string } | { type: 'resize'; cols: number; rows: number };

function parseMessage(raw: unknown): ClientMessage | undefined {
  try {
    const msg = JSON.parse(String(raw)) as ClientMessage;
    if (msg.type === 'data' && typeof msg.data === 'string') return msg;
    if (msg.type === 'resize') return msg;
  } catch {
    // Not JSON: ignored, like any unknown message.
  }
  return undefined;
}

export function registerConsoleRoutes(app: FastifyInstance, ctx: AgentContext, s: AgentServices): void {
  app.get<{ Params: { id: string } }>(
    '/v1/vms/:id/console',
    { websocket: true, schema: { tags: ['vms'], summary: 'Serial console (WebSocket)', params: vmIdParams } },
    async (socket, req) => {
      const id = req.params.id;
      const paths = ctx.paths.vm(id);
      const send = (msg: unknown) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
      };
      // Messages that arrive while history is being replayed must not be lost.
      const early: unknown[] = [];
      let onMessage: (raw: unknown) => void = (raw) => early.push(raw);
      socket.on('message', (raw) => onMessage(raw));
      try {
        await s.vms.load(id);
      } catch (err) {
        const coded = toCodedError(err);
        send({ type: 'error', error: coded.message, code: coded.code });
        socket.close(4404, coded.code);
        return;
      }
      const detach = await ctx.consoles.attach(id, paths.consoleLog, {
        send: (data) => send({ type: 'data', data }),
      });
      socket.on('close', detach);
      onMessage = (raw) => {
        const msg = parseMessage(raw);
        // A serial console has no window size; resize is accepted so clients can send it blindly.
        if (msg?.type !== 'data') return;
        ctx.consoles.write(id, paths.consoleIn, msg.data).catch(async () => {
          const state = (await ctx.store.load(id))?.state ?? 'deleted';
          const err = agentErrors.CONSOLE_UNAVAILABLE({ id, state });
          send({ type: 'error', error: err.message, code: err.code });
        });
      };
      for (const raw of early) onMessage(raw);
    },
  );
}
