// The agent credential guards everything but /health: metrics, the OpenAPI document, docs and unknown paths too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestHost, type TestHost } from './agent.test-support.js';
import type { Agent } from './agent-app.js';

describe('agent credential', () => {
  let host: TestHost;
  let agent: Agent;
  beforeAll(async () => {
    host = await createTestHost();
    agent = await host.agent();
  });
  afterAll(() => host?.cleanup());

  // Paths that look harmless or public elsewhere, and tricks that could slip past a string match on /health.
  const guarded = [
    '/metrics',
    '/v1/openapi.json',
    '/docs',
    '/docs/json',
    '/documentation/json',
    '/v1/info',
    '/health/../metrics',
    '/health/',
    '//health',
    '/%68ealth',
    '/nope',
  ];

  it.each(guarded)('refuses %s without the credential, with the agent error shape', async (url) => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }]) {
      const res = await agent.app.inject({ url, headers });
      expect(res.statusCode, url).toBe(401);
      expect(res.json()).toMatchObject({ code: 'AGT_ERR_UNAUTHORIZED', error: expect.any(String) });
    }
  });

  it('serves /metrics and the OpenAPI document with it', async () => {
    expect((await agent.app.inject({ url: '/metrics', headers: AUTH })).statusCode).toBe(200);
    expect((await agent.app.inject({ url: '/v1/openapi.json', headers: AUTH })).json().openapi).toMatch(
      /^3\./,
    );
    expect((await agent.app.inject({ url: '/health' })).json()).toEqual({ ok: true });
  });
});
