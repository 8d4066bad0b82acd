// Who is calling: the static admin token, a login session or an API token; logins and token management.
import { randomUUID } from 'node:crypto';
import type { ApiTokenRow, Role } from '../db/schema.js';
import { errors } from '../errors.js';
import type { Repositories } from './context.js';
import { atLeast, lowerRole } from './roles.js';
import { hashPassword, newTokenSecret, tokenHash, verifyPassword } from './secrets.js';
import { sameToken } from './tokens.js';

/** A caller with a role: `userId` is null for the static admin token and tokens it minted. */
export interface UserPrincipal {
  kind: 'user';
  role: Role;
  /** Username, or `admin-token` for the static token: what the audit log records. */
  actor: string;
  userId: string | null;
  tokenId: string | null;
}

export const ADMIN_TOKEN_ACTOR = 'admin-token';

export interface CreateTokenInput {
  name: string;
  role?: Role;
  expires_at?: string;
}

export const toToken = (t: ApiTokenRow & { username?: string | null }) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  owner: t.username ?? (t.user_id ? null : ADMIN_TOKEN_ACTOR),
  expires_at: t.expires_at ? t.expires_at.toISOString() : null,
  revoked_at: t.revoked_at ? t.revoked_at.toISOString() : null,
  created_at: t.created_at.toISOString(),
});

export function createAuthService(
  repos: Repositories,
  options: { adminToken: string; sessionTtlMs: number; now: () => Date },
) {
  const { now } = options;

  return {
    /** The principal a bearer secret stands for, or undefined when it stands for nothing live. */
    async authenticate(secret: string): Promise<UserPrincipal | undefined> {
      if (sameToken(secret, options.adminToken)) {
        return { kind: 'user', role: 'admin', actor: ADMIN_TOKEN_ACTOR, userId: null, tokenId: null };
      }
      const found = await repos.apiTokens.findLive(tokenHash(secret), now());
      if (!found) return undefined;
      const { token, user } = found;
      if (token.user_id && (!user || user.disabled)) return undefined;
      // A demoted owner demotes its tokens at once, whatever the row says.
      const role = user ? lowerRole(token.role, user.role) : token.role;
      return {
        kind: 'user',
        role,
        actor: user?.username ?? ADMIN_TOKEN_ACTOR,
        userId: user?.id ?? null,
        tokenId: token.id,
      };
    },

    async login(username: string, password: string) {
      const user = await repos.users.getByUsername(username);
      const ok = await verifyPassword(user?.password_hash, password);
      if (!user || !ok || user.disabled) throw errors.LOGIN_FAILED();
      const secret = newTokenSecret();
      const expires = new Date(now().getTime() + options.sessionTtlMs);
      await repos.apiTokens.insert({
        id: randomUUID(),
        user_id: user.id,
        kind: 'session',
        name: 'login',
        token_hash: tokenHash(secret),
        role: user.role,
        expires_at: expires,
      });
      return { token: secret, expires_at: expires.toISOString() };
    },

    async me(p: UserPrincipal) {
      const user = p.userId ? await repos.users.get(p.userId) : undefined;
      return {
        username: p.actor,
        role: p.role,
        user_id: p.userId,
        token_id: p.tokenId,
        ...(user ? { created_at: user.created_at.toISOString() } : {}),
      };
    },

    /**
     * A signed-in user changes their own password, proving the current one. Their other login
     * sessions end (a thief's stolen session with them); the caller's own session and their API
     * tokens stay, as tokens are revoked one by one on purpose (DELETE /v1/tokens/:id).
     */
    async changePassword(p: UserPrincipal, current: string, next: string): Promise<void> {
      if (!p.userId) throw errors.NO_PASSWORD();
      const user = await repos.users.get(p.userId);
      if (!user || user.disabled) throw errors.UNAUTHORIZED();
      if (!(await verifyPassword(user.password_hash, current))) throw errors.CURRENT_PASSWORD_WRONG();
      if (current === next) throw errors.VALIDATION({}, 'new_password must differ from current_password');
      await repos.users.update(user.id, { password_hash: await hashPassword(next) });
      const token = p.tokenId ? await repos.apiTokens.get(p.tokenId) : undefined;
      await repos.apiTokens.revokeSessions(user.id, now(), token?.kind === 'session' ? token.id : undefined);
    },

    async createToken(p: UserPrincipal, input: CreateTokenInput) {
      const role = input.role ?? p.role;
      if (!atLeast(p.role, role)) throw errors.ROLE_TOO_HIGH({ role: p.role });
      const expires = input.expires_at ? new Date(input.expires_at) : null;
      if (expires && expires.getTime() <= now().getTime()) {
        throw errors.VALIDATION({}, 'expires_at must be in the future');
      }
      const secret = newTokenSecret();
      const row = await repos.apiTokens.insert({
        id: randomUUID(),
        user_id: p.userId,
        kind: 'api',
        name: input.name,
        token_hash: tokenHash(secret),
        role,
        expires_at: expires,
      });
      return { ...toToken({ ...row, username: p.userId ? p.actor : null }), token: secret };
    },

    /** Admins see every API token; others their own. */
    async listTokens(p: UserPrincipal) {
      const rows = await repos.apiTokens.listApi(p.role === 'admin' ? undefined : p.userId);
      return rows.map(toToken);
    },

    async revokeToken(p: UserPrincipal, id: string): Promise<void> {
      const row = await repos.apiTokens.get(id);
      const mine = row?.user_id === p.userId;
      if (row?.kind !== 'api' || (!mine && p.role !== 'admin')) throw errors.TOKEN_NOT_FOUND();
      await repos.apiTokens.revoke(id, now());
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
