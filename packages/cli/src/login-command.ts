// `nqvm login [--url] [--token]`: checks a manager URL and token, then stores them for this user.
import { createManagerClient } from '@nqvm/client';
import { leaf } from './api/command.js';
import { resolveConnection } from './api/connection.js';
import { normalizeError } from './api/report-error.js';
import { writeUserConfig } from './api/user-config.js';

/** Reads a secret from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    let text = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          input.off('data', onData);
          input.setRawMode(false);
          input.pause();
          process.stderr.write('\n');
          resolve(text);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') text = text.slice(0, -1);
        else text += ch;
      }
    };
    input.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.trim();
}

export const loginCommand = leaf({
  name: 'login',
  summary: 'check a manager URL and token, then remember them (~/.config/nqvm/config.json, mode 0600)',
  options: {
    url: { type: 'string', value: 'URL', help: 'manager URL (default: NQVM_URL or http://127.0.0.1:18080)' },
    token: {
      type: 'string',
      value: 'TOKEN',
      help: 'API token (default: asked for, or read from piped stdin)',
    },
  },
  async run(ctx) {
    const url = typeof ctx.values.url === 'string' ? ctx.values.url : ctx.conn.url;
    let token = typeof ctx.values.token === 'string' ? ctx.values.token : undefined;
    if (token === undefined) {
      const known = resolveConnection({ ...process.env, NQVM_URL: url });
      const hint = known.token ? ` (empty: use the one from ${known.tokenSource})` : '';
      token = process.stdin.isTTY ? await promptHidden(`Token for ${url}${hint}: `) : await readStdin();
      if (!token && known.token) token = known.token;
    }
    if (!token) throw ctx.usage('no token given: pass --token, pipe it in, or type it when asked');
    // Prove the pair works before storing it, so a typo fails now rather than on the next command.
    try {
      await createManagerClient({ baseUrl: url, token }).vms.list({ limit: 1 });
    } catch (err) {
      throw normalizeError(err, url);
    }
    const path = writeUserConfig({ url, token });
    return ctx.print(`Logged in to ${url} (saved in ${path})`);
  },
});
