// Users: admins list, create, change role or password, disable and delete; the first admin is made at start-up.
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isUniqueViolation } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { errors } from '../errors.js';
import type { Repositories } from './context.js';
import { type Role, rolesUpTo } from './roles.js';
import { hashPassword, newPassword } from './secrets.js';

export interface CreateUserInput {
  username: string;
  password: string;
  role: Role;
}
export interface UpdateUserInput {
  role?: Role;
  password?: string;
  disabled?: boolean;
}

export interface BootstrapResult {
  created: boolean;
  username?: string;
  password?: string;
  path?: string;
}

export const ADMIN_PASSWORD_FILE = 'admin-password';

export const toUser = (u: UserRow) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  disabled: u.disabled,
  created_at: u.created_at.toISOString(),
  updated_at: u.updated_at.toISOString(),
});

export function createUserService(repos: Repositories, now: () => Date) {
  async function mustGet(id: string): Promise<UserRow> {
    const user = await repos.users.get(id);
    if (!user) throw errors.USER_NOT_FOUND();
    return user;
  }

  /** Refuses a change that would leave no enabled admin to manage users. */
  async function keepAnAdmin(user: UserRow, after: { role: Role; disabled: boolean } | 'deleted') {
    const staysAdmin = after !== 'deleted' && after.role === 'admin' && !after.disabled;
    if (user.role !== 'admin' || user.disabled || staysAdmin) return;
    if ((await repos.users.countActiveAdmins()) <= 1) throw errors.LAST_ADMIN();
  }

  return {
    list: async () => (await repos.users.list()).map(toUser),
    get: async (id: string) => toUser(await mustGet(id)),

    async create(input: CreateUserInput) {
      const row = await repos.users
        .insertIfAbsent({
          id: randomUUID(),
          username: input.username,
          password_hash: await hashPassword(input.password),
          role: input.role,
          disabled: false,
        })
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) return undefined;
          throw err;
        });
      if (!row) throw errors.USERNAME_EXISTS({ username: input.username });
      return toUser(row);
    },

    async update(id: string, input: UpdateUserInput) {
      const user = await mustGet(id);
      const role = input.role ?? user.role;
      const disabled = input.disabled ?? user.disabled;
      await keepAnAdmin(user, { role, disabled });
      const updated = await repos.users.update(id, {
        role,
        disabled,
        ...(input.password ? { password_hash: await hashPassword(input.password) } : {}),
      });
      if (!updated) throw errors.USER_NOT_FOUND();
      if (input.password || (disabled && !user.disabled)) await repos.apiTokens.revokeSessions(id, now());
      if (role !== user.role) await repos.apiTokens.capRole(id, rolesUpTo(role), role);
      return toUser(updated);
    },

    async delete(id: string): Promise<void> {
      await keepAnAdmin(await mustGet(id), 'deleted');
      if (!(await repos.users.delete(id))) throw errors.USER_NOT_FOUND();
    },

    /**
     * With no users at all, creates `admin` with a random password written to
     * `<dataDir>/admin-password` (0600); the caller prints it once. There is no default password.
     */
    async bootstrapAdmin(dataDir: string): Promise<BootstrapResult> {
      if ((await repos.users.count()) > 0) return { created: false };
      const password = newPassword();
      const row = await repos.users.insertIfAbsent({
        id: randomUUID(),
        username: 'admin',
        password_hash: await hashPassword(password),
        role: 'admin',
        disabled: false,
      });
      // Another manager on the same database won the race: its file holds the password.
      if (!row) return { created: false };
      const path = join(dataDir, ADMIN_PASSWORD_FILE);
      await mkdir(dataDir, { recursive: true });
      await writeFile(path, `${password}\n`, { mode: 0o600 });
      await chmod(path, 0o600);
      return { created: true, username: 'admin', password, path };
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
