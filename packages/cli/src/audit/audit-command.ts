// `nqvm audit`: the manager's audit log (admins only), newest first.
import { leaf } from '../api/command.js';
import { parseDuration, relativeTime } from '../api/units.js';
import { formatTable } from '../table.js';

export const auditCommand = leaf({
  name: 'audit',
  summary: 'show the audit log, newest first: who changed what, and every login (admins only)',
  options: {
    actor: { type: 'string', value: 'NAME', help: "only this actor (a username, or 'admin-token')" },
    action: { type: 'string', value: 'ACTION', help: "only this action, e.g. 'POST /v1/users'" },
    limit: { type: 'string', value: 'N', help: 'at most N entries, 1-1000 (default 50)' },
    since: {
      type: 'string',
      value: 'WHEN',
      help: 'only entries from this long ago (e.g. 1h, 30m, 7d) or this ISO time on',
    },
  },
  json: true,
  async run(ctx) {
    const { actor, action } = ctx.values;
    let limit = 50;
    if (typeof ctx.values.limit === 'string') {
      limit = Number(ctx.values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw ctx.usage(`--limit '${ctx.values.limit}' is not a number from 1 to 1000`);
    }
    let since: string | undefined;
    if (typeof ctx.values.since === 'string') {
      const text = ctx.values.since;
      const ms = parseDuration(text);
      const at =
        ms !== undefined ? Date.now() - ms : /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(text) : Number.NaN;
      if (Number.isNaN(at))
        throw ctx.usage(`--since '${text}' is neither a duration (1h, 7d) nor an ISO time`);
      since = new Date(at).toISOString();
    }
    const { items } = await ctx.api.audit.list({
      limit,
      ...(typeof actor === 'string' ? { actor } : {}),
      ...(typeof action === 'string' ? { action } : {}),
      ...(since ? { since } : {}),
    });
    if (ctx.json) return ctx.printJson(items);
    if (!items.length) return ctx.print('No audit entries match.');
    const rows = items.map((e) => [
      relativeTime(e.ts),
      e.actor ?? '-',
      e.role ?? '-',
      e.action,
      e.target ?? '-',
      String(e.status),
      e.result === 'ok' ? ctx.out.green('ok') : ctx.out.red(e.error_code ?? 'error'),
    ]);
    return ctx.print(formatTable(['TIME', 'ACTOR', 'ROLE', 'ACTION', 'TARGET', 'STATUS', 'RESULT'], rows));
  },
});
