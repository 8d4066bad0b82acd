// A VM's serial console over WebSocket (the agent's console or the manager's shell), as a SerialConsole.
import { PassThrough, Writable } from 'node:stream';
import { createSerialConsole, type SerialConsole } from '@nqvm/testkit';
import WebSocket from 'ws';

export interface WsConsole extends SerialConsole {
  /** Closes the console and its socket. */
  disconnect(): void;
}

interface Dialect {
  /** Wraps keyboard input for the server. */
  input(text: string): string;
  /** Console output in a server message, if it carries any. */
  output(msg: { type: string; data?: string; error?: string }): string | undefined;
}

/** The agent speaks `{type:"data"}` both ways. */
const agentDialect: Dialect = {
  input: (data) => JSON.stringify({ type: 'data', data }),
  output: (m) =>
    m.type === 'data' ? m.data : m.type === 'error' ? `\n[console error: ${m.error}]\n` : undefined,
};

/** The manager's shell speaks `{type:"input"}` in and `{type:"output"|"error"}` out. */
const managerDialect: Dialect = {
  input: (data) => JSON.stringify({ type: 'input', data }),
  output: (m) =>
    m.type === 'output' ? m.data : m.type === 'error' ? `\n[shell error: ${m.data}]\n` : undefined,
};

async function open(
  url: string,
  headers: Record<string, string>,
  dialect: Dialect,
  name: string,
): Promise<WsConsole> {
  const ws = new WebSocket(url, { headers });
  const output = new PassThrough();
  ws.on('message', (raw) => {
    const text = dialect.output(JSON.parse(String(raw)));
    if (text) output.write(text);
  });
  ws.on('close', () => output.end());
  ws.on('error', () => output.end());
  const input = new Writable({
    write(chunk, _encoding, done) {
      ws.send(dialect.input(String(chunk)), done);
    },
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const serial = createSerialConsole(output, input, { name, defaultTimeoutMs: 180_000 });
  return {
    ...serial,
    disconnect() {
      serial.close();
      ws.close();
    },
  };
}

export function openAgentConsole(agentUrl: string, agentToken: string, vmId: string): Promise<WsConsole> {
  const url = `${agentUrl.replace(/^http/, 'ws')}/v1/vms/${vmId}/console`;
  return open(url, { authorization: `Bearer ${agentToken}` }, agentDialect, `agent console ${vmId}`);
}

/** `shellUrl` already carries a single-use ticket (client.vms.shellUrlWithTicket). */
export function openManagerShell(shellUrl: string, vmId: string): Promise<WsConsole> {
  return open(shellUrl, {}, managerDialect, `manager shell ${vmId}`);
}
