// @vitest-environment happy-dom
// The "Change password" dialog against a real manager (in-process; the browser's fetch is routed to it with
// inject, since there is no web proxy here): field checks, a wrong current password, then a real change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildManager } from '@nqvm/manager';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { setToken } from '@/lib/auth-token';
import { ChangePasswordDialog } from './ChangePasswordDialog';

const ADMIN = 'web-test-admin-token';
let dir: string;
let manager: FastifyInstance;
const seen: string[] = [];

/** What the web proxy does: /api/proxy/v1/* to the manager's /v1/*, headers and body as sent. */
async function proxyFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(String(input), 'http://web.test');
  const path = url.pathname.replace(/^\/api\/proxy\/v1\//, '/v1/');
  seen.push(`${init.method ?? 'GET'} ${path}`);
  const res = await manager.inject({
    method: (init.method ?? 'GET') as 'GET' | 'POST',
    url: path + url.search,
    headers: Object.fromEntries(new Headers(init.headers).entries()),
    ...(typeof init.body === 'string' ? { payload: init.body } : {}),
  });
  return new Response(res.body || null, {
    status: res.statusCode,
    headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') },
  });
}

const signIn = async (password: string) => {
  const res = await manager.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { username: 'wendy', password },
  });
  return res;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nqvm-web-passwd-'));
  manager = await buildManager({
    dataDir: join(dir, 'manager'),
    imageRoot: dir,
    adminToken: ADMIN,
    joinToken: 'web-test-join',
    logLevel: false,
    inMemoryDb: true,
    reconcileIntervalMs: 0,
    metricsIntervalMs: 0,
    rateLimits: false,
  });
  const made = await manager.inject({
    method: 'POST',
    url: '/v1/users',
    headers: { authorization: `Bearer ${ADMIN}` },
    payload: { username: 'wendy', password: 'wendy old password', role: 'viewer' },
  });
  expect(made.statusCode, made.body).toBe(200);
  setToken((await signIn('wendy old password')).json().token);
  vi.stubGlobal('fetch', proxyFetch);
});
afterAll(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await manager?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Change password' }));

it('checks the fields, shows a wrong current password next to it, then changes the password', async () => {
  const onOpenChange = vi.fn();
  render(<ChangePasswordDialog open onOpenChange={onOpenChange} />);

  // 1. Too short and mismatched: said in the form, nothing sent.
  type('Current password', 'wendy old password');
  type('New password', 'short');
  type('New password again', 'other');
  submit();
  expect(await screen.findByText('At least 12 characters')).toBeTruthy();
  expect(screen.getByText('The two new passwords differ')).toBeTruthy();
  expect(seen).toEqual([]);

  // 2. The manager refuses a wrong current password: shown on that field, the dialog stays open.
  type('Current password', 'not my password');
  type('New password', 'wendy new password');
  type('New password again', 'wendy new password');
  submit();
  expect(await screen.findByText('This is not your current password')).toBeTruthy();
  expect(seen).toEqual(['POST /v1/auth/password']);
  expect(onOpenChange).not.toHaveBeenCalled();
  expect((await signIn('wendy old password')).statusCode).toBe(200);

  // 3. The right one: the dialog closes and the manager takes only the new password.
  type('Current password', 'wendy old password');
  submit();
  await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
  expect((await signIn('wendy new password')).statusCode).toBe(200);
  expect((await signIn('wendy old password')).statusCode).toBe(401);
});
