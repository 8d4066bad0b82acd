// `nqvm login [--url] [--token | --user NAME]`: checks a manager URL and a token (or a username and
// password, exchanged for a session token), then stores URL and token for this user.
import { createManagerClient, ManagerApiError } from '@nqvm/client';
import { cliErrors } from './api/cli-errors.js';
import { leaf } from './api/command.js';
import { resolveConnection } from './api/connection.js';
import { normalizeError } from './api/report-error.js';
import { promptHidden, readStdin } from './api/secret-input.js';
import { writeUserConfig } from './api/user-config.js';

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
    user: {
      type: 'string',
      value: 'NAME',
      help: 'log in as this user instead: the password is asked for (hidden) or read from piped stdin',
    },
  },
  async run(ctx) {
    const url = typeof ctx.values.url === 'string' ? ctx.values.url : ctx.conn.url;
    if (typeof ctx.values.user === 'string') {
      if (typeof ctx.values.token === 'string') throw ctx.usage('give --token or --user, not both');
      const username = ctx.values.user;
      const password = process.stdin.isTTY
        ? await promptHidden(`Password for ${username} at ${url}: `)
        : await readStdin();
      if (!password) throw ctx.usage('no password given: type it when asked, or pipe it in');
      let session: { token: string; expires_at: string };
      try {
        session = await createManagerClient({ baseUrl: url }).auth.login(username, password);
      } catch (err) {
        if (err instanceof ManagerApiError && err.status === 401)
          throw cliErrors.LOGIN_FAILED({ url, user: username });
        throw normalizeError(err, url);
      }
      const path = writeUserConfig({ url, token: session.token });
      return ctx.print(`Logged in to ${url} as ${username} until ${session.expires_at} (saved in ${path})`);
    }
    let token = typeof ctx.values.token === 'string' ? ctx.values.token : undefined;
    if (token === undefined) {
      const known = resolveConnection({ ...process.env, NQVM_URL: url });
      const hint = known.token ? ` (empty: use the one from ${known.tokenSource})` : '';
      token = process.stdin.isTTY
        ? await promptHidden(`Token for ${url}${hint}: `)
        : (await readStdin()).trim();
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
