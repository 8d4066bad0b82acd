// Self-service password change (POST /v1/auth/password): proof of the current password, other sessions end, audited, rate-limited.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../config.js';
import { createTestManager, describeEachDatabase, type TestManager } from '../testing/test-manager.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeEachDatabase('self-service password change', (db) => {
  let m: TestManager;
  beforeAll(async () => {
    // The spec's real budgets: the login class (10/min, burst 10) guards this route too.
    m = await createTestManager(db, { rateLimits: DEFAULT_RATE_LIMITS });
    for (const [username, role] of [
      ['petra', 'viewer'],
      ['guess', 'operator'],
    ]) {
      const res = await m.inject({
        method: 'POST',
        url: '/v1/users',
        payload: { username, password: 'first password!', role },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  });
  afterAll(async () => m?.close());

  const login = (username: string, password: string) =>
    m.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });
  const change = (token: string, current_password: string, new_password: string) =>
    m.app.inject({
      method: 'POST',
      url: '/v1/auth/password',
      headers: bearer(token),
      payload: { current_password, new_password },
    });
  const meStatus = async (token: string) =>
    (await m.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(token) })).statusCode;

  it('lets a viewer change their own password: this session and API tokens stay, other sessions end', async () => {
    // 1. Two sessions (two browsers) and an API token of the same user.
    const here = (await login('petra', 'first password!')).json().token as string;
    const elsewhere = (await login('petra', 'first password!')).json().token as string;
    const api = (
      await m.app.inject({
        method: 'POST',
        url: '/v1/tokens',
        headers: bearer(here),
        payload: { name: 'ci' },
      })
    ).json().token as string;

    // 2. Change it from the first session.
    const res = await change(here, 'first password!', 'second password!');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true });

    // 3. The caller stays signed in; the other browser is signed out; the API token still works.
    expect(await meStatus(here)).toBe(200);
    expect(await meStatus(elsewhere)).toBe(401);
    expect(await meStatus(api)).toBe(200);
    expect((await login('petra', 'first password!')).statusCode).toBe(401);
    expect((await login('petra', 'second password!')).statusCode).toBe(200);

    // 4. Audited under the user's name, without the passwords.
    const audit = (
      await m.inject({ method: 'GET', url: '/v1/audit?action=POST%20/v1/auth/password&result=ok' })
    ).json().items;
    expect(audit[0]).toMatchObject({ actor: 'petra', role: 'viewer', status: 200 });
    expect(JSON.stringify(audit)).not.toContain('password!');
  });

  it('refuses a wrong current password, a too-short or unchanged new one, and changes nothing', async () => {
    const session = (await login('petra', 'second password!')).json().token as string;
    const wrong = await change(session, 'not my password', 'third password!');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({
      code: 'MVM_ERR_CURRENT_PASSWORD_WRONG',
      suggestion: expect.any(String),
    });
    const short = await change(session, 'second password!', 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toBeTruthy();
    const same = await change(session, 'second password!', 'second password!');
    expect(same.statusCode).toBe(400);
    expect(same.json().fault_message ?? same.json().error).toMatch(/differ/);
    const extra = await m.app.inject({
      method: 'POST',
      url: '/v1/auth/password',
      headers: bearer(session),
      payload: { current_password: 'second password!', new_password: 'third password!', username: 'admin' },
    });
    expect(extra.statusCode).toBe(400);
    // Nothing changed: the old password still signs in, the session still works.
    expect((await login('petra', 'second password!')).statusCode).toBe(200);
    expect(await meStatus(session)).toBe(200);
    const failed = (
      await m.inject({ method: 'GET', url: '/v1/audit?action=POST%20/v1/auth/password&result=error' })
    ).json().items;
    expect(failed.map((e: { error_code: string }) => e.error_code)).toContain(
      'MVM_ERR_CURRENT_PASSWORD_WRONG',
    );
  });

  it('refuses callers with no account (the static admin token) and anonymous callers', async () => {
    const admin = await m.inject({
      method: 'POST',
      url: '/v1/auth/password',
      payload: { current_password: 'x', new_password: 'whatever password' },
    });
    expect(admin.statusCode).toBe(400);
    expect(admin.json().code).toBe('MVM_ERR_NO_PASSWORD');
    const anonymous = await m.app.inject({
      method: 'POST',
      url: '/v1/auth/password',
      payload: { current_password: 'x', new_password: 'whatever password' },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('spends the login budget on guesses: 429 with Retry-After after ten', async () => {
    const session = (await login('guess', 'first password!')).json().token as string;
    for (let i = 0; i < 10; i++) {
      expect((await change(session, `guess number ${i}`, 'another password!')).statusCode).toBe(403);
    }
    const limited = await change(session, 'first password!', 'another password!');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeTruthy();
    expect(limited.json().code).toBe('MVM_ERR_RATE_LIMITED');
    // The limited attempt changed nothing, though its password was right.
    expect((await login('guess', 'first password!')).statusCode).toBe(200);
  });
});
