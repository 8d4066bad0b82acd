// Every route of the OpenAPI document, for every role and without a token: 401, 403 or allowed, as the access table says.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { atLeast, ROLES, type Role } from '../services/roles.js';
import {
  createTestManager,
  describeEachDatabase,
  type TestManager,
  tokenFor,
} from '../testing/test-manager.js';
import { ACCESS, accessFor, UNDOCUMENTED_ROUTES } from './access.table.js';

const UUID = '00000000-0000-4000-8000-000000000000';
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describeEachDatabase('access table', (db) => {
  let m: TestManager;
  const tokens = {} as Record<Role, string>;
  let routes: Array<{ method: Method; path: string; key: string }> = [];

  beforeAll(async () => {
    m = await createTestManager(db);
    for (const role of ROLES) tokens[role] = await tokenFor(m, role);
    const doc = (await m.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({
        method: method.toUpperCase() as Method,
        path,
        key: `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`,
      })),
    );
  });
  afterAll(async () => m?.close());

  it('has a rule for every documented route (anything unlisted is denied)', () => {
    expect(routes.length).toBeGreaterThan(40);
    for (const r of routes) expect(ACCESS[r.key], r.key).toBeDefined();
    expect(accessFor('GET', '/v1/not-listed')).toBeUndefined();
  });

  it('answers 401 without a token, 403 below the route role, and lets the rest through', async () => {
    let checked = 0;
    for (const r of routes) {
      const access = ACCESS[r.key];
      if (!access || access.role === 'public' || access.role === 'agent') continue;
      const url = r.path.replace(/\{[^}]+\}/g, UUID);
      const anon = await m.app.inject({ method: r.method, url });
      expect(anon.statusCode, `anonymous ${r.key}`).toBe(401);
      for (const role of ROLES) {
        const allowed = atLeast(role, access.role);
        // The SSE stream never ends: an allowed caller is only checked for a denied one's answer.
        if (allowed && r.path === '/v1/events') continue;
        const res = await m.app.inject({
          method: r.method,
          url,
          headers: { authorization: `Bearer ${tokens[role]}` },
        });
        if (allowed) expect([401, 403], `${role} ${r.key}: ${res.body}`).not.toContain(res.statusCode);
        else {
          expect(res.statusCode, `${role} ${r.key}`).toBe(403);
          expect(res.json().code).toBe('MVM_ERR_FORBIDDEN');
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(120);
  });

  it('guards the routes outside the OpenAPI document too: metrics, the document itself, /docs/json', async () => {
    for (const key of UNDOCUMENTED_ROUTES) {
      const [method, url] = key.split(' ') as ['GET', string];
      const access = ACCESS[key];
      expect(access?.role, key).toBe('viewer');
      for (const headers of [{}, { authorization: 'Bearer nqvm_wrong' }]) {
        const res = await m.app.inject({ method, url, headers });
        expect(res.statusCode, `${key} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.json()).toMatchObject({ code: 'MVM_ERR_UNAUTHORIZED', error: expect.any(String) });
      }
      for (const role of ROLES) {
        const res = await m.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[role]}` } });
        expect(res.statusCode, `${role} ${key}`).toBe(200);
      }
    }
    // Only /health stays open; the Swagger UI page and its assets hold no data and stay reachable.
    expect((await m.app.inject({ url: '/health' })).statusCode).toBe(200);
    const page = await m.app.inject({ url: '/docs' });
    expect([200, 302]).toContain(page.statusCode);
    const init = await m.app.inject({ url: '/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain('requestInterceptor');
    expect(init.body).not.toContain('"paths"');
    expect(accessFor('POST', '/docs/json')).toBeUndefined();
  });

  it('lets the /docs page load the document once with a ticket, as the web UI opens it', async () => {
    const issued = await m.app.inject({
      method: 'POST',
      url: '/v1/tickets',
      headers: { authorization: `Bearer ${tokens.viewer}` },
    });
    const { ticket } = issued.json() as { ticket: string };
    const first = await m.app.inject({ url: `/docs/json?ticket=${ticket}` });
    expect(first.statusCode).toBe(200);
    expect(first.json().paths['/v1/vms']).toBeDefined();
    const again = await m.app.inject({ url: `/docs/json?ticket=${ticket}` });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('MVM_ERR_TICKET_INVALID');
  });

  it('keeps raw host paths for admins: an operator may create VMs but not from kernel_path', async () => {
    const payload = { name: 'raw-path-vm', vcpu: 1, mem_mib: 256, kernel_path: '/k', rootfs_path: '/r' };
    const op = await m.app.inject({
      method: 'POST',
      url: '/v1/vms',
      headers: { authorization: `Bearer ${tokens.operator}` },
      payload,
    });
    expect(op.statusCode).toBe(403);
    expect(op.json().fault_message).toMatch(/kernel_path.*admin only/);
    const adm = await m.app.inject({
      method: 'POST',
      url: '/v1/vms',
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload,
    });
    // Past the role check: refused for the manager's own setting, not for the caller's role.
    expect(adm.json().code).toBe('MVM_ERR_IMAGE_PATHS_DISABLED');
  });

  it('records an audit entry for every mutating route', async () => {
    let checked = 0;
    for (const r of routes) {
      if (r.method === 'GET' || r.path.startsWith('/v1/agent/')) continue;
      const url = r.path.replace(/\{[^}]+\}/g, UUID);
      const res = await m.inject({ method: r.method, url });
      const audit = await m.inject({ method: 'GET', url: '/v1/audit?limit=1' });
      const [entry] = audit.json().items;
      const anonymous = ACCESS[r.key]?.role === 'public';
      expect(entry, r.key).toMatchObject({
        action: r.key,
        status: res.statusCode,
        result: res.statusCode < 400 ? 'ok' : 'error',
        actor: anonymous ? null : 'admin-token',
        role: anonymous ? null : 'admin',
        client_addr: '127.0.0.1',
      });
      if (r.path.includes('{id}')) expect(entry.target).toMatch(new RegExp(`^${UUID}`));
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
  });
});
