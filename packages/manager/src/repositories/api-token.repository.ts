// API tokens and login sessions, found by the sha256 of their secret; the secret itself is never stored.
import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import type { ApiTokenRow, ApiTokensTable, Role, UserRow } from '../db/schema.js';
import { authCacheFor } from './auth-cache.js';

export interface TokenWithOwner {
  token: ApiTokenRow;
  user: UserRow | undefined;
}

export function createApiTokenRepository(db: Db) {
  const cache = authCacheFor(db);
  return {
    async insert(token: Insertable<ApiTokensTable>): Promise<ApiTokenRow> {
      return db.insertInto('api_tokens').values(token).returningAll().executeTakeFirstOrThrow();
    },
    /**
     * A live (not revoked, not expired) token by hash, with its owner when it has one. Served from
     * the auth cache when it can be; liveness is checked against `now` on every call either way.
     */
    async findLive(tokenHash: string, now: Date): Promise<TokenWithOwner | undefined> {
      let found = cache.get(tokenHash);
      if (!found) {
        const generation = cache.generation();
        const token = await db
          .selectFrom('api_tokens')
          .selectAll()
          .where('token_hash', '=', tokenHash)
          .executeTakeFirst();
        // Unknown secrets are not remembered: a stream of guesses must not fill the cache.
        if (!token) return undefined;
        const user = token.user_id
          ? await db.selectFrom('users').selectAll().where('id', '=', token.user_id).executeTakeFirst()
          : undefined;
        found = { token, user };
        cache.set(tokenHash, found, generation);
      }
      const { token, user } = found;
      if (token.revoked_at !== null) return undefined;
      if (token.expires_at !== null && token.expires_at.getTime() <= now.getTime()) return undefined;
      return { token, user };
    },
    async get(id: string): Promise<ApiTokenRow | undefined> {
      return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** API tokens (not sessions); of one owner, or all when `userId` is undefined. */
    async listApi(
      userId: string | null | undefined,
    ): Promise<Array<ApiTokenRow & { username: string | null }>> {
      let query = db
        .selectFrom('api_tokens')
        .leftJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('api_tokens')
        .select('users.username')
        .where('api_tokens.kind', '=', 'api');
      if (userId === null) query = query.where('api_tokens.user_id', 'is', null);
      else if (userId !== undefined) query = query.where('api_tokens.user_id', '=', userId);
      return query.orderBy('api_tokens.created_at').orderBy('api_tokens.id').execute();
    },
    async revoke(id: string, now: Date): Promise<void> {
      await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      cache.clear();
    },
    /** After a password change or a disable: every session of the user ends (but `keepId`, the one that changed it). */
    async revokeSessions(userId: string, now: Date, keepId?: string): Promise<void> {
      let query = db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', userId)
        .where('kind', '=', 'session')
        .where('revoked_at', 'is', null);
      if (keepId) query = query.where('id', '!=', keepId);
      await query.execute();
      cache.clear();
    },
    /** After a demotion: tokens may not outrank their owner. */
    async capRole(userId: string, allowed: Role[], role: Role): Promise<void> {
      await db
        .updateTable('api_tokens')
        .set({ role })
        .where('user_id', '=', userId)
        .where('role', 'not in', allowed)
        .execute();
      cache.clear();
    },
  };
}

export type ApiTokenRepository = ReturnType<typeof createApiTokenRepository>;
