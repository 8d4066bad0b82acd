// Test helper: a tiny stand-in manager (shapes from the product spec) for pages that need data or a 401.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'data' | 'unauthorized';
export type FakeRole = 'viewer' | 'operator' | 'admin';

/** The one account the stand-in knows for password sign-in. */
export const FAKE_USER = { username: 'ann', password: 'correct horse battery', token: 'session-ann' };

export interface FakeManager {
  port: number;
  mode: FakeMode;
  /** The role GET /v1/auth/me reports for any token. */
  role: FakeRole;
  requests: { method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

function vms(count: number) {
  const states = ['running', 'stopped', 'paused', 'error'];
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `vm-${String(i).padStart(4, '0')}`,
    state: states[i % states.length],
    vcpu: (i % 4) + 1,
    mem_mib: 256 * ((i % 4) + 1),
    host_id: 'host-1',
    host_addr: '10.0.0.1',
    created_at: '2025-10-15T10:30:00Z',
    updated_at: '2025-10-15T10:35:00Z',
  }));
}

const AT = '2026-01-05T09:00:00Z';

const USERS = [
  { id: 'u-1', username: 'admin', role: 'admin', disabled: false, created_at: AT, updated_at: AT },
  { id: 'u-2', username: 'ann', role: 'operator', disabled: false, created_at: AT, updated_at: AT },
  { id: 'u-3', username: 'vic', role: 'viewer', disabled: true, created_at: AT, updated_at: AT },
];

const TOKENS = [
  {
    id: 'k-1',
    name: 'ci-deploy',
    role: 'operator',
    owner: 'ann',
    expires_at: null,
    revoked_at: null,
    created_at: AT,
  },
  {
    id: 'k-2',
    name: 'old-laptop',
    role: 'viewer',
    owner: 'vic',
    expires_at: null,
    revoked_at: AT,
    created_at: AT,
  },
];

function auditEntries(count: number) {
  const actions = ['POST /v1/users', 'POST /v1/tokens', 'POST /v1/vms/:id/start', 'POST /v1/auth/login'];
  return Array.from({ length: count }, (_, i) => ({
    id: 1000 - i,
    ts: new Date(Date.parse(AT) - i * 60_000).toISOString(),
    actor: i % 3 === 0 ? 'admin' : 'ann',
    user_id: 'u-1',
    token_id: null,
    role: i % 3 === 0 ? 'admin' : 'operator',
    action: actions[i % actions.length],
    target: `target-${i}`,
    status: i % 5 === 4 ? 403 : 200,
    result: i % 5 === 4 ? 'error' : 'ok',
    error_code: i % 5 === 4 ? 'MVM_ERR_FORBIDDEN' : null,
    client_addr: '127.0.0.1',
  }));
}

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Listens on `port` (the one the web app's MANAGER_URL names), answering as the manager would. */
export async function startFakeManager(port: number, vmCount: number): Promise<FakeManager> {
  const list = vms(vmCount);
  const fake: FakeManager = { port, mode: 'data', role: 'admin', requests: [], close: async () => undefined };
  const audit = auditEntries(120);
  const server: Server = createServer(async (req, res) => {
    fake.requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
    });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (fake.mode === 'unauthorized')
      return json(401, { error: 'Unauthorized', suggestion: 'Send a valid API token' });
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    if (path === '/v1/auth/login' && req.method === 'POST') {
      const body = (await bodyOf(req)) as { username?: string; password?: string } | undefined;
      if (body?.username === FAKE_USER.username && body.password === FAKE_USER.password)
        return json(200, { token: FAKE_USER.token, expires_at: '2099-01-01T00:00:00Z' });
      return json(401, { error: 'Wrong username or password', code: 'MVM_ERR_LOGIN_FAILED' });
    }
    if (path === '/v1/auth/me')
      return json(200, { username: `smoke-${fake.role}`, role: fake.role, user_id: 'u-1', token_id: null });
    if (path === '/v1/users') return json(200, { items: USERS });
    if (path === '/v1/tokens') return json(200, { items: TOKENS });
    if (path === '/v1/audit') {
      const cursor = Number(url.searchParams.get('cursor') ?? Number.POSITIVE_INFINITY);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const page = audit.filter((e) => e.id < cursor).slice(0, limit);
      const more = audit.some((e) => e.id < (page[page.length - 1]?.id ?? 0));
      return json(200, { items: page, next_cursor: more ? String(page[page.length - 1]?.id) : null });
    }
    if (path === '/v1/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      return;
    }
    if (path === '/v1/vms') return json(200, { items: list });
    if (path === '/v1/hosts' || path === '/v1/images' || path === '/v1/templates')
      return json(200, { items: [] });
    if (path === '/health') return json(200, { ok: true, db: 'up' });
    return json(404, { error: 'Route not found' });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
