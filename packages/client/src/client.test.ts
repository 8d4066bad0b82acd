// The client builds the right requests and turns error bodies into ManagerApiError.
import { describe, expect, it } from 'vitest';
import { createManagerClient, ManagerApiError } from './client.js';

function recorder(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe('manager client', () => {
  it('sends the bearer token and JSON, and unwraps {item}', async () => {
    const { calls, fetchImpl } = recorder(200, { item: { id: 'a', name: 'vm' } });
    const client = createManagerClient({ baseUrl: 'http://m:18080/v1/', token: 't', fetch: fetchImpl });
    expect(await client.vms.get('a')).toEqual({ id: 'a', name: 'vm' });
    expect(calls[0]?.url).toBe('http://m:18080/v1/vms/a');
    expect((calls[0]?.init.headers as Record<string, string> | undefined)?.authorization).toBe('Bearer t');
  });

  it('encodes queries and skips undefined values', async () => {
    const { calls, fetchImpl } = recorder(200, { items: [] });
    const client = createManagerClient({ baseUrl: 'http://m:18080', fetch: fetchImpl });
    await client.images.list({ kind: 'rootfs', name: undefined, project: 'a b' });
    expect(calls[0]?.url).toBe('http://m:18080/v1/images?kind=rootfs&project=a%20b');
  });

  it('throws ManagerApiError with the error body', async () => {
    const body = {
      error: 'VM not found',
      suggestion: 'Check the VM ID and try again',
      code: 'MVM_ERR_VM_NOT_FOUND',
    };
    const { fetchImpl } = recorder(404, body);
    const client = createManagerClient({ baseUrl: 'http://m', fetch: fetchImpl });
    const err = await client.vms.start('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManagerApiError);
    expect((err as ManagerApiError).status).toBe(404);
    expect((err as ManagerApiError).code).toBe('MVM_ERR_VM_NOT_FOUND');
    expect((err as ManagerApiError).suggestion).toBe(body.suggestion);
  });

  it('builds ws and SSE URLs with the token for browsers', () => {
    const client = createManagerClient({ baseUrl: 'https://m:18080', token: 'x y', fetch: fetch });
    expect(client.vms.shellUrl('v1')).toBe('wss://m:18080/v1/vms/v1/shell/ws?token=x%20y');
    expect(client.eventsUrl(5)).toBe('https://m:18080/v1/events?after=5&token=x%20y');
  });
});

describe('manager client: auth', () => {
  it('logs in, manages users and tokens, and builds ticket URLs', async () => {
    const { calls, fetchImpl } = recorder(200, { item: { id: 'u1' }, token: 's', ticket: 'tk', items: [] });
    const client = createManagerClient({ baseUrl: 'http://m', token: 't', fetch: fetchImpl });
    await client.auth.login('ann', 'pw');
    await client.auth.changePassword('old pw', 'new pw');
    await client.users.disable('u1');
    await client.tokens.create({ name: 'ci', role: 'viewer' });
    await client.tokens.revoke('k1');
    await client.audit.list({ result: 'error', limit: 5 });
    expect(await client.vms.shellUrlWithTicket('v')).toBe('ws://m/v1/vms/v/shell/ws?ticket=tk');
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'POST http://m/v1/auth/login',
      'POST http://m/v1/auth/password',
      'PATCH http://m/v1/users/u1',
      'POST http://m/v1/tokens',
      'DELETE http://m/v1/tokens/k1',
      'GET http://m/v1/audit?result=error&limit=5',
      'POST http://m/v1/tickets',
    ]);
    expect(calls[1]?.init.body).toBe('{"current_password":"old pw","new_password":"new pw"}');
    expect(calls[2]?.init.body).toBe('{"disabled":true}');
    expect(client.vms.shellUrl('v', 'a b')).toBe('ws://m/v1/vms/v/shell/ws?ticket=a%20b');
    expect(client.eventsUrlWithTicket('tk', 3)).toBe('http://m/v1/events?after=3&ticket=tk');
  });
});
