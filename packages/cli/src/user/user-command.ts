// `nqvm user ls|create|set|rm`: the manager's users (admins only). Passwords come from stdin or a
// hidden prompt, never from the command line.
import type { Role, User } from '@nqvm/client';
import { group, leaf } from '../api/command.js';
import { confirm, YES_OPTION } from '../api/confirm.js';
import { shortId } from '../api/format.js';
import { resolveUser, roleOf, roleOption } from '../api/roles.js';
import { PASSWORD_STDIN_OPTION, readNewPassword } from '../api/secret-input.js';
import { relativeTime } from '../api/units.js';
import { formatTable } from '../table.js';

const status = (u: User) => (u.disabled ? 'disabled' : 'enabled');

const ls = leaf({
  name: 'ls',
  summary: 'list users',
  json: true,
  async run(ctx) {
    const users = await ctx.api.users.list();
    if (ctx.json) return ctx.printJson(users);
    if (!users.length) return ctx.print("No users. Create one with 'nqvm user create NAME --role ROLE'.");
    const rows = users.map((u) => [
      u.username,
      shortId(u.id),
      u.role,
      u.disabled ? ctx.out.red('disabled') : ctx.out.green('enabled'),
      relativeTime(u.created_at),
    ]);
    return ctx.print(formatTable(['USER', 'ID', 'ROLE', 'STATUS', 'CREATED'], rows));
  },
});

const create = leaf({
  name: 'create',
  summary: 'create a user (password asked twice on a terminal, or --password-stdin)',
  args: ['NAME'],
  options: {
    role: roleOption('what the user may do (required)'),
    'password-stdin': PASSWORD_STDIN_OPTION,
  },
  json: true,
  async run(ctx) {
    const username = ctx.positionals[0] as string;
    const role = roleOf(ctx);
    if (!role) throw ctx.usage('missing --role (viewer, operator or admin)');
    const password = await readNewPassword(ctx, username);
    const user = await ctx.api.users.create({ username, password, role });
    if (ctx.json) return ctx.printJson(user);
    return ctx.print(`created user ${user.username} (${shortId(user.id)}), role ${user.role}`);
  },
});

const set = leaf({
  name: 'set',
  summary: "change a user's role or password, or disable/enable them (both end their sessions)",
  args: ['USER'],
  completes: ['user'],
  options: {
    role: roleOption('new role'),
    'password-stdin': {
      ...PASSWORD_STDIN_OPTION,
      help: 'set a new password, read from stdin (never pass it as an argument)',
    },
    password: { type: 'boolean', help: 'set a new password, asked twice (hidden) on a terminal' },
    disable: { type: 'boolean', help: 'disable the user (their sessions end; tokens stop working)' },
    enable: { type: 'boolean', help: 'enable a disabled user' },
  },
  json: true,
  async run(ctx) {
    if (ctx.values.disable === true && ctx.values.enable === true)
      throw ctx.usage('give --disable or --enable, not both');
    const change: { role?: Role; password?: string; disabled?: boolean } = {};
    const role = roleOf(ctx);
    if (role) change.role = role;
    if (ctx.values.disable === true) change.disabled = true;
    if (ctx.values.enable === true) change.disabled = false;
    const target = await resolveUser(ctx.api, ctx.positionals[0] as string);
    if (ctx.values['password-stdin'] === true || ctx.values.password === true)
      change.password = await readNewPassword(ctx, target.username);
    if (!Object.keys(change).length)
      throw ctx.usage('nothing to change: give --role, --password-stdin, --password, --disable or --enable');
    const user = await ctx.api.users.update(target.id, change);
    if (ctx.json) return ctx.printJson(user);
    const what = [
      ...(change.role ? [`role ${user.role}`] : []),
      ...(change.password ? ['new password'] : []),
      ...(change.disabled !== undefined ? [status(user)] : []),
    ];
    return ctx.print(`updated user ${user.username}: ${what.join(', ')}`);
  },
});

const rm = leaf({
  name: 'rm',
  summary: 'delete a user (their sessions and tokens stop working); asks unless --yes',
  args: ['USER'],
  completes: ['user'],
  options: { yes: YES_OPTION },
  async run(ctx) {
    const user = await resolveUser(ctx.api, ctx.positionals[0] as string);
    if (!(await confirm(ctx, `Delete user ${user.username}?`))) return 1;
    await ctx.api.users.delete(user.id);
    return ctx.print(`deleted user ${user.username}`);
  },
});

export const userGroup = group({
  name: 'user',
  summary: 'users who log in with a password (admins only)',
  children: [ls, create, set, rm],
});
