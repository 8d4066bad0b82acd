// `nqvm whoami`: who the manager takes this CLI's token for (GET /v1/auth/me).
import { leaf } from './api/command.js';
import { formatDetails } from './api/format.js';
import { relativeTime } from './api/units.js';

export const whoamiCommand = leaf({
  name: 'whoami',
  summary: 'show who the manager takes the current token for, and with which role',
  json: true,
  async run(ctx) {
    const me = await ctx.api.auth.me();
    if (ctx.json) return ctx.printJson(me);
    return ctx.print(
      formatDetails([
        ['user', me.username],
        ['role', me.role],
        ['user id', me.user_id],
        ['token id', me.token_id],
        ['url', ctx.conn.url],
        ['token from', ctx.conn.tokenSource],
        ...(me.created_at ? ([['created', relativeTime(me.created_at)]] as Array<[string, string]>) : []),
      ]),
    );
  },
});
