// The manager's terminal WebSocket (/v1/vms/{id}/shell/ws) driven like a serial line with testkit's console.
import { PassThrough, Writable } from 'node:stream';
import type { ManagerClient } from '@nqvm/client';
import { GUEST_READY_LINE } from '@nqvm/guest-image';
import { createSerialConsole, type SerialConsole } from '@nqvm/testkit';
import WebSocket from 'ws';

export interface Shell extends SerialConsole {
  /** Resolves at the guest's n-th readiness line in this console's history + live output (1-based). */
  waitForBoot(n?: number, timeoutMs?: number): Promise<void>;
  /** Closes the WebSocket; the VM is untouched. */
  disconnect(): void;
}

/**
 * Connects as a browser would (token in the query, `{type:"input"}` out, `{type:"output"}` in).
 * The agent replays recent console history first, so earlier boots' output is there too.
 */
export async function openShell(client: ManagerClient, vmId: string): Promise<Shell> {
  const ws = new WebSocket(client.vms.shellUrl(vmId));
  const output = new PassThrough();
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw)) as { type: string; data?: string; error?: string };
    if (msg.type === 'output') output.write(msg.data ?? '');
    else if (msg.type === 'error') output.write(`\n[shell error: ${msg.data ?? msg.error}]\n`);
  });
  ws.on('close', () => output.end());
  const input = new Writable({
    write(chunk, _encoding, done) {
      if (ws.readyState !== WebSocket.OPEN) return done(new Error('shell WebSocket is closed'));
      ws.send(JSON.stringify({ type: 'input', data: String(chunk) }), done);
    },
  });
  input.on('error', () => undefined);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const serial = createSerialConsole(output, input, { name: `VM ${vmId}`, defaultTimeoutMs: 90_000 });
  let boots = 0;
  return {
    ...serial,
    async waitForBoot(n = 1, timeoutMs = 180_000) {
      while (boots < n) {
        await serial.waitFor(GUEST_READY_LINE, { timeoutMs });
        boots++;
      }
    },
    disconnect() {
      serial.close();
      ws.close();
    },
  };
}
