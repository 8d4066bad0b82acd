// User rows: username, argon2 password hash, role, and whether the account is disabled.
import type { Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { UserRow, UsersTable } from '../db/schema.js';
import { authCacheFor } from './auth-cache.js';

export function createUserRepository(db: Db) {
  // A token's answer includes its owner (role, disabled): any change to a user drops cached answers.
  const authCache = authCacheFor(db);
  return {
    /** Inserts unless the username is taken; undefined when it was. */
    async insertIfAbsent(user: Omit<UserRow, 'created_at' | 'updated_at'>): Promise<UserRow | undefined> {
      return db
        .insertInto('users')
        .values(user)
        .onConflict((oc) => oc.column('username').doNothing())
        .returningAll()
        .executeTakeFirst();
    },
    async get(id: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async getByUsername(username: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    },
    async list(): Promise<UserRow[]> {
      return db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
    },
    async count(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async countActiveAdmins(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled', '=', false)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async update(id: string, patch: Updateable<UsersTable>): Promise<UserRow | undefined> {
      const row = await db
        .updateTable('users')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      authCache.clear();
      return row;
    },
    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      authCache.clear();
      return result.numDeletedRows > 0n;
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
