// Roles, users and tokens as the CLI takes them: --role values, users by name, tokens by ID prefix.
import type { ApiToken, ManagerClient, Role, User } from '@nqvm/client';
import type { CommandContext, OptionSpec } from './command.js';
import { pickOne } from './resolve.js';

export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export const roleOption = (help: string): OptionSpec => ({
  type: 'string',
  value: 'ROLE',
  help: `${help}: viewer, operator or admin`,
  completes: 'role',
});

export function roleOf(ctx: CommandContext): Role | undefined {
  const raw = ctx.values.role;
  if (typeof raw !== 'string') return undefined;
  if (!(ROLES as readonly string[]).includes(raw))
    throw ctx.usage(`--role '${raw}' is not a role (viewer, operator or admin)`);
  return raw as Role;
}

/** A user by username, ID or unambiguous ID prefix. */
export async function resolveUser(api: ManagerClient, ref: string): Promise<User> {
  const users = await api.users.list();
  const found = pickOne(
    users.map((u) => ({ ...u, name: u.username })),
    ref,
    'user',
    'nqvm user ls',
  );
  return users.find((u) => u.id === found.id) as User;
}

/** A token by ID, unambiguous ID prefix, or name. */
export async function resolveToken(api: ManagerClient, ref: string): Promise<ApiToken> {
  return pickOne(await api.tokens.list(), ref, 'token', 'nqvm token ls');
}
