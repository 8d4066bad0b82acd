// `nqvm token ls|create|revoke`: API tokens. The secret is printed once, by create, and never again.
import type { ApiToken } from '@nqvm/client';
import { colorsFor } from '../api/colors.js';
import { group, leaf } from '../api/command.js';
import { shortId } from '../api/format.js';
import { resolveToken, roleOf, roleOption } from '../api/roles.js';
import { parseDuration, relativeTime } from '../api/units.js';
import { formatTable } from '../table.js';

function tokenState(t: ApiToken, now = Date.now()): string {
  if (t.revoked_at) return 'revoked';
  if (t.expires_at && Date.parse(t.expires_at) <= now) return 'expired';
  return 'active';
}

const ls = leaf({
  name: 'ls',
  summary: "list API tokens (yours; admins see everyone's); secrets are never shown",
  json: true,
  async run(ctx) {
    const tokens = await ctx.api.tokens.list();
    if (ctx.json) return ctx.printJson(tokens);
    if (!tokens.length) return ctx.print("No tokens. Create one with 'nqvm token create --name NAME'.");
    const rows = tokens.map((t) => {
      const state = tokenState(t);
      return [
        t.name,
        shortId(t.id),
        t.role,
        t.owner ?? '-',
        state === 'active' ? ctx.out.green(state) : ctx.out.red(state),
        t.expires_at ? relativeTime(t.expires_at) : 'never',
        relativeTime(t.created_at),
      ];
    });
    return ctx.print(formatTable(['NAME', 'ID', 'ROLE', 'OWNER', 'STATUS', 'EXPIRES', 'CREATED'], rows));
  },
});

const create = leaf({
  name: 'create',
  summary: 'create an API token and print its secret (once: it is never shown again)',
  options: {
    name: { type: 'string', value: 'NAME', help: 'what the token is for (default: cli-<date>)' },
    role: roleOption('at most your own role (default: your role)'),
    expires: {
      type: 'string',
      value: 'DURATION',
      help: 'lifetime, e.g. 12h or 30d (default: never expires)',
    },
  },
  json: true,
  async run(ctx) {
    const name =
      typeof ctx.values.name === 'string'
        ? ctx.values.name
        : `cli-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
    const role = roleOf(ctx);
    let expiresAt: string | undefined;
    if (typeof ctx.values.expires === 'string') {
      const ms = parseDuration(ctx.values.expires);
      if (!ms) throw ctx.usage(`--expires '${ctx.values.expires}' is not a duration (e.g. 12h, 30d)`);
      expiresAt = new Date(Date.now() + ms).toISOString();
    }
    const created = await ctx.api.tokens.create({
      name,
      ...(role ? { role } : {}),
      ...(expiresAt ? { expires_at: expiresAt } : {}),
    });
    process.stderr.write(
      `${colorsFor(process.stderr).yellow('warning:')} the token's secret is shown only now; store it safely, it cannot be shown again\n`,
    );
    if (ctx.json) return ctx.printJson(created);
    ctx.print(
      `created token ${created.name} (${shortId(created.id)}), role ${created.role}, ${created.expires_at ? `expires ${relativeTime(created.expires_at)}` : 'never expires'}`,
    );
    return ctx.print(created.token);
  },
});

const revoke = leaf({
  name: 'revoke',
  summary: 'revoke an API token (by ID, ID prefix or name); it stops working at once',
  args: ['TOKEN'],
  async run(ctx) {
    const t = await resolveToken(ctx.api, ctx.positionals[0] as string);
    await ctx.api.tokens.revoke(t.id);
    return ctx.print(`revoked token ${t.name} (${shortId(t.id)})`);
  },
});

export const tokenGroup = group({
  name: 'token',
  summary: 'API tokens for scripts and other machines',
  children: [ls, create, revoke],
});
