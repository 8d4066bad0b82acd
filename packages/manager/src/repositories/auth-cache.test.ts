// The auth cache never outlives a change: a token works from cache, and stops at once when it is
// revoked, its owner is disabled or demoted, or its expiry passes — on PGlite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestManager, describeEachDatabase, type TestManager } from '../testing/test-manager.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeEachDatabase('auth cache', (db) => {
  let m: TestManager;
  let clock = Date.parse('2031-01-01T00:00:00Z');
  beforeAll(async () => {
    m = await createTestManager(db, { now: () => new Date(clock) });
  });
  afterAll(async () => m?.close());

  /** A user with `role` and one API token of theirs (made the way a user makes it: login, then POST /v1/tokens). */
  async function userWithToken(username: string, role: string, expiresAt?: string) {
    const password = 'correct horse battery staple';
    const user = await m.inject({ method: 'POST', url: '/v1/users', payload: { username, password, role } });
    expect(user.statusCode, user.body).toBe(200);
    const login = await m.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username, password },
    });
    const session = login.json().token as string;
    const created = await m.app.inject({
      method: 'POST',
      url: '/v1/tokens',
      headers: bearer(session),
      payload: { name: 'cached', ...(expiresAt ? { expires_at: expiresAt } : {}) },
    });
    expect(created.statusCode, created.body).toBe(200);
    return {
      userId: user.json().item.id as string,
      tokenId: created.json().id as string,
      token: created.json().token as string,
    };
  }

  const status = async (token: string, url = '/v1/vms') =>
    (await m.app.inject({ method: 'GET', url, headers: bearer(token) })).statusCode;

  it('stops a revoked token on the very next request', async () => {
    const { token, tokenId } = await userWithToken('cache-revoke', 'viewer');
    expect(await status(token)).toBe(200);
    expect(await status(token)).toBe(200); // now answered from the cache
    const revoked = await m.inject({ method: 'DELETE', url: `/v1/tokens/${tokenId}` });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(await status(token)).toBe(401);
  });

  it('stops the tokens of a disabled user at once, and lets them work again when re-enabled', async () => {
    const { token, userId } = await userWithToken('cache-disable', 'operator');
    expect(await status(token)).toBe(200);
    await m.inject({ method: 'PATCH', url: `/v1/users/${userId}`, payload: { disabled: true } });
    expect(await status(token)).toBe(401);
    await m.inject({ method: 'PATCH', url: `/v1/users/${userId}`, payload: { disabled: false } });
    expect(await status(token)).toBe(200);
  });

  it('applies a demotion of the owner to a cached token at once', async () => {
    const { token, userId } = await userWithToken('cache-demote', 'admin');
    expect(await status(token, '/v1/users')).toBe(200);
    await m.inject({ method: 'PATCH', url: `/v1/users/${userId}`, payload: { role: 'viewer' } });
    expect(await status(token, '/v1/users')).toBe(403);
    expect(await status(token)).toBe(200);
  });

  it('stops a cached token when its expiry passes', async () => {
    const { token } = await userWithToken('cache-expiry', 'viewer', new Date(clock + 60_000).toISOString());
    expect(await status(token)).toBe(200);
    clock += 60_000;
    expect(await status(token)).toBe(401);
  });

  it('stops the tokens of a deleted user at once', async () => {
    const { token, userId } = await userWithToken('cache-delete', 'viewer');
    expect(await status(token)).toBe(200);
    await m.inject({ method: 'DELETE', url: `/v1/users/${userId}` });
    expect(await status(token)).toBe(401);
  });
});
