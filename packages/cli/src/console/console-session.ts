// A terminal on the manager's shell WebSocket: raw keys with a Ctrl-] escape, or piped input until quiet.
import WebSocket from 'ws';
import { cliErrors } from '../api/cli-errors.js';

/** Ctrl-], as telnet: a byte no shell needs, so it can mean "leave". */
export const ESCAPE_BYTE = 0x1d;

export interface ConsoleOptions {
  /** ws:// URL of `/v1/vms/{id}/shell/ws`. */
  url: string;
  token: string | undefined;
  vmName: string;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  /** Raw mode with the escape key; otherwise send the input and leave once output goes quiet. */
  interactive: boolean;
  /** Piped mode: after the input ends, leave once nothing has arrived for this long. */
  idleMs: number;
  /**
   * Interactive mode: type `stty rows R cols C` into the guest at attach and after each window
   * resize. A serial console carries no window size (the agent drops `resize`), so this is the
   * only way the guest's shell learns it; it types a command, so it is opt-in.
   */
  syncSize?: boolean;
}

/** Window changes come in bursts while a window is dragged: type one `stty` once they settle. */
const STTY_SETTLE_MS = 200;

/** The command that tells a guest shell the window size, or undefined when the size is unknown. */
export function sttyCommand(output: { columns?: number; rows?: number }): string | undefined {
  return output.columns && output.rows ? `stty rows ${output.rows} cols ${output.columns}` : undefined;
}

interface ServerMessage {
  type: string;
  data?: string;
  error?: string;
}

export function runConsole(opts: ConsoleOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(opts.url, {
      headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
    });
    let failure: string | undefined;
    let leaving = false;
    let idleTimer: NodeJS.Timeout | undefined;
    let sttyTimer: NodeJS.Timeout | undefined;
    let inputEnded = false;
    const wasRaw = opts.input.isTTY ? opts.input.isRaw : false;

    const send = (msg: object) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
    };
    const typeStty = () => {
      const command = sttyCommand(opts.output);
      if (command) send({ type: 'input', data: `${command}\r` });
    };
    // The protocol's resize message still goes out: consoles that have a size (not a serial line) use it.
    const sendResize = () => {
      if (opts.output.columns && opts.output.rows)
        send({ type: 'resize', cols: opts.output.columns, rows: opts.output.rows });
      if (opts.syncSize) {
        clearTimeout(sttyTimer);
        sttyTimer = setTimeout(typeStty, STTY_SETTLE_MS);
      }
    };
    const armIdle = () => {
      if (opts.interactive || !inputEnded) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(leave, opts.idleMs);
    };
    function leave() {
      leaving = true;
      ws.close(1000);
    }
    const onInput = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const escapeAt = opts.interactive ? bytes.indexOf(ESCAPE_BYTE) : -1;
      const data = escapeAt >= 0 ? bytes.subarray(0, escapeAt) : bytes;
      if (data.length) send({ type: 'input', data: data.toString('utf8') });
      if (escapeAt >= 0) leave();
    };
    const onInputEnd = () => {
      inputEnded = true;
      armIdle();
    };
    const cleanup = () => {
      clearTimeout(idleTimer);
      clearTimeout(sttyTimer);
      opts.input.off('data', onInput);
      opts.input.off('end', onInputEnd);
      process.off('SIGWINCH', sendResize);
      if (opts.interactive && opts.input.isTTY) opts.input.setRawMode(wasRaw);
      opts.input.pause();
    };

    ws.on('open', () => {
      if (opts.interactive) {
        process.stderr.write(`Connected to ${opts.vmName}. Escape character is '^]' (Ctrl-]).\r\n`);
        const command = sttyCommand(opts.output);
        if (command && !opts.syncSize)
          process.stderr.write(
            `A serial console carries no window size: run '${command}' in the guest, or attach with --stty.\r\n`,
          );
        opts.input.setRawMode(true);
        sendResize();
        process.on('SIGWINCH', sendResize);
      }
      opts.input.on('data', onInput);
      opts.input.on('end', onInputEnd);
      opts.input.resume();
    });
    ws.on('message', (raw) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(raw.toString()) as ServerMessage;
      } catch {
        msg = { type: 'output', data: raw.toString() };
      }
      if (msg.type === 'output' || msg.type === 'data') opts.output.write(msg.data ?? '');
      else if (msg.type === 'error') failure = msg.data ?? msg.error ?? 'console error';
      armIdle();
    });
    ws.on('unexpected-response', (_req, res) => {
      failure = `the manager answered ${res.statusCode} ${res.statusMessage ?? ''}`.trim();
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => {
      failure ??= err.message;
    });
    ws.on('close', () => {
      cleanup();
      if (opts.interactive) process.stderr.write('\r\nConnection closed.\r\n');
      if (failure && !leaving) reject(cliErrors.CONSOLE_FAILED({ vm: opts.vmName, reason: failure }));
      else resolve(0);
    });
  });
}
