// Users, logins, API tokens and tickets: the first admin, roles capped by owners, revocation, single-use tickets.
import { readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestManager, describeEachDatabase, type TestManager } from '../testing/test-manager.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeEachDatabase('auth routes', (db) => {
  let m: TestManager;
  let clock = Date.parse('2030-01-01T00:00:00Z');
  beforeAll(async () => {
    m = await createTestManager(db, { now: () => new Date(clock) });
  });
  afterAll(async () => m?.close());

  async function login(username: string, password: string) {
    return m.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });
  }

  it('creates the first admin with a random password in <dataDir>/admin-password (0600)', async () => {
    const path = join(m.dataDir, 'admin-password');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const password = readFileSync(path, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(m.app.manager.initialAdmin).toMatchObject({ username: 'admin', password });
    const res = await login('admin', password);
    expect(res.statusCode, res.body).toBe(200);
    const { token, expires_at } = res.json();
    expect(Date.parse(expires_at)).toBe(clock + 12 * 3600_000);
    const me = await m.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(token) });
    expect(me.json()).toMatchObject({ username: 'admin', role: 'admin' });
  });

  it('refuses a wrong password or unknown user alike, and audits the attempt', async () => {
    for (const [u, p] of [
      ['admin', 'wrong-password'],
      ['nobody', 'whatever-password'],
    ]) {
      const res = await login(u as string, p as string);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('MVM_ERR_LOGIN_FAILED');
    }
    const audit = await m.inject({ method: 'GET', url: '/v1/audit?action=auth/login&result=error' });
    expect(audit.json().items.map((e: { target: string }) => e.target)).toEqual(['nobody', 'admin']);
  });

  it('lets admins create, change, disable and delete users, never the last admin', async () => {
    const created = await m.inject({
      method: 'POST',
      url: '/v1/users',
      payload: { username: 'olga', password: 'correct horse battery', role: 'operator' },
    });
    expect(created.statusCode, created.body).toBe(200);
    const olga = created.json().item;
    expect(olga).toMatchObject({ username: 'olga', role: 'operator', disabled: false });
    expect(JSON.stringify(created.json())).not.toContain('password');
    const dup = await m.inject({
      method: 'POST',
      url: '/v1/users',
      payload: { username: 'olga', password: 'another password', role: 'viewer' },
    });
    expect(dup.json().code).toBe('MVM_ERR_USERNAME_EXISTS');
    const short = await m.inject({
      method: 'POST',
      url: '/v1/users',
      payload: { username: 'shorty', password: 'short', role: 'viewer' },
    });
    expect(short.statusCode).toBe(400);

    const session = (await login('olga', 'correct horse battery')).json().token as string;
    const me = await m.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(session) });
    expect(me.json().role).toBe('operator');
    // An operator may not manage users.
    const forbidden = await m.app.inject({ method: 'GET', url: '/v1/users', headers: bearer(session) });
    expect(forbidden.statusCode).toBe(403);

    const disabled = await m.inject({
      method: 'PATCH',
      url: `/v1/users/${olga.id}`,
      payload: { disabled: true },
    });
    expect(disabled.json().item.disabled).toBe(true);
    const after = await m.app.inject({ method: 'GET', url: '/v1/auth/me', headers: bearer(session) });
    expect(after.statusCode).toBe(401);
    expect((await login('olga', 'correct horse battery')).statusCode).toBe(401);

    const admins = (await m.inject({ method: 'GET', url: '/v1/users' }))
      .json()
      .items.filter((u: { role: string }) => u.role === 'admin');
    expect(admins).toHaveLength(1);
    const last = await m.inject({
      method: 'PATCH',
      url: `/v1/users/${admins[0].id}`,
      payload: { role: 'viewer' },
    });
    expect(last.json().code).toBe('MVM_ERR_LAST_ADMIN');
    expect((await m.inject({ method: 'DELETE', url: `/v1/users/${admins[0].id}` })).statusCode).toBe(409);

    expect((await m.inject({ method: 'DELETE', url: `/v1/users/${olga.id}` })).statusCode).toBe(200);
    expect((await m.inject({ method: 'GET', url: `/v1/users/${olga.id}` })).statusCode).toBe(404);
  });

  it('mints API tokens no higher than their owner, shows the secret once, revokes and expires them', async () => {
    await m.inject({
      method: 'POST',
      url: '/v1/users',
      payload: { username: 'vera', password: 'viewer password!', role: 'viewer' },
    });
    const session = (await login('vera', 'viewer password!')).json().token as string;
    const high = await m.app.inject({
      method: 'POST',
      url: '/v1/tokens',
      headers: bearer(session),
      payload: { name: 'ci', role: 'operator' },
    });
    expect(high.statusCode).toBe(403);
    expect(high.json().code).toBe('MVM_ERR_ROLE_TOO_HIGH');
    const expiresAt = new Date(clock + 60_000).toISOString();
    const made = await m.app.inject({
      method: 'POST',
      url: '/v1/tokens',
      headers: bearer(session),
      payload: { name: 'ci', expires_at: expiresAt },
    });
    expect(made.statusCode, made.body).toBe(200);
    const { token, id } = made.json();
    expect(made.json()).toMatchObject({ role: 'viewer', owner: 'vera', expires_at: expiresAt });
    expect(token).toMatch(/^nqvm_/);

    const listed = await m.app.inject({ method: 'GET', url: '/v1/tokens', headers: bearer(token) });
    expect(listed.json().items).toEqual([expect.objectContaining({ id, name: 'ci' })]);
    expect(listed.body).not.toContain(token);
    // Admins see everyone's tokens.
    const all = (await m.inject({ method: 'GET', url: '/v1/tokens' })).json().items;
    expect(all).toContainEqual(expect.objectContaining({ id, owner: 'vera' }));

    clock += 61_000;
    expect((await m.app.inject({ method: 'GET', url: '/v1/vms', headers: bearer(token) })).statusCode).toBe(
      401,
    );

    const other = (
      await m.app.inject({
        method: 'POST',
        url: '/v1/tokens',
        headers: bearer(session),
        payload: { name: 'b' },
      })
    ).json();
    expect(
      (await m.app.inject({ method: 'GET', url: '/v1/vms', headers: bearer(other.token) })).statusCode,
    ).toBe(200);
    const revoked = await m.app.inject({
      method: 'DELETE',
      url: `/v1/tokens/${other.id}`,
      headers: bearer(session),
    });
    expect(revoked.statusCode).toBe(200);
    expect(
      (await m.app.inject({ method: 'GET', url: '/v1/vms', headers: bearer(other.token) })).statusCode,
    ).toBe(401);
  });

  it('accepts a ticket once on the shell WebSocket, keeps the header and the deprecated ?token=', async () => {
    await m.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = m.app.server.address() as AddressInfo;
    const vm = '00000000-0000-4000-8000-000000000000';
    const url = `ws://127.0.0.1:${port}/v1/vms/${vm}/shell/ws`;
    const { ticket } = (await m.inject({ method: 'POST', url: '/v1/tickets' })).json();
    expect(ticket).toMatch(/^nqvt_/);

    const connect = (target: string, headers?: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(target, { headers });
        ws.on('message', (data) => {
          resolve(`message ${data.toString()}`);
          ws.close();
        });
        ws.on('unexpected-response', (_req, res) => resolve(`status ${res.statusCode}`));
        ws.on('error', (err) => resolve(`error ${err.message}`));
      });
    // Authorised: the VM does not exist, so the console itself reports the error.
    expect(await connect(`${url}?ticket=${ticket}`)).toMatch(/^message .*error/);
    expect(await connect(`${url}?ticket=${ticket}`)).toBe('status 401');
    expect(await connect(`${url}?ticket=nqvt_made-up`)).toBe('status 401');
    expect(await connect(url, { authorization: `Bearer ${m.app.manager.adminToken}` })).toMatch(/^message/);
    expect(await connect(`${url}?token=${m.app.manager.adminToken}`)).toMatch(/^message/);
    expect(await connect(url)).toBe('status 401');
  });
});
