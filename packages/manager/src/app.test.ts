// App-wide behaviour: auth on every /v1 route, error shape, unknown routes, OpenAPI, /docs, /health, /metrics.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestManager, describeEachDatabase, type TestManager } from './testing/test-manager.js';

const UUID = '00000000-0000-4000-8000-000000000000';

describeEachDatabase('manager app', (db) => {
  let m: TestManager;
  beforeAll(async () => {
    m = await createTestManager(db);
  });
  afterAll(async () => m?.close());

  it('requires the admin bearer token on every /v1 route in the OpenAPI document', async () => {
    const doc = (await m.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const paths = Object.entries(doc.paths);
    expect(paths.length).toBeGreaterThan(20);
    let checked = 0;
    for (const [path, methods] of paths) {
      // Public by design: agent registration (join token) and login (username and password).
      if (!path.startsWith('/v1/') || path === '/v1/agent/register' || path === '/v1/auth/login') continue;
      const url = path.replace(/\{[^}]+\}/g, UUID);
      for (const method of Object.keys(methods)) {
        const res = await m.app.inject({ method: method.toUpperCase() as 'GET', url });
        expect(res.statusCode, `${method} ${path}`).toBe(401);
        expect(res.json()).toMatchObject({ error: expect.any(String), suggestion: expect.any(String) });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('rejects a wrong token', async () => {
    const res = await m.app.inject({
      method: 'GET',
      url: '/v1/vms',
      headers: { authorization: 'Bearer nope' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('MVM_ERR_UNAUTHORIZED');
  });

  it('answers unknown routes with 404 in the error shape', async () => {
    const res = await m.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      error: 'Route GET /v1/nothing-here not found',
      suggestion: expect.any(String),
      fault_message: expect.any(String),
    });
  });

  it('maps schema validation failures to 400 {error, suggestion, fault_message}', async () => {
    const res = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: { name: 'ok-name', vcpu: 0, mem_mib: 128 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('Invalid request');
    expect(body.suggestion).toBeTruthy();
    expect(body.fault_message).toMatch(
      /Validation failed: .*vcpu.*mem_mib|Validation failed: .*mem_mib.*vcpu/,
    );
  });

  it('says "Invalid VM name" for a bad name', async () => {
    for (const name of ['ab', 'has space', 'x'.repeat(65), 'under_score']) {
      const res = await m.inject({
        method: 'POST',
        url: '/v1/vms',
        payload: { name, vcpu: 1, mem_mib: 256 },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'Invalid VM name',
        suggestion: 'VM name must be 3-64 characters, alphanumeric + hyphens',
      });
    }
  });

  it('rejects non-UUID ids and malformed JSON in the same shape', async () => {
    const bad = await m.inject({ method: 'GET', url: '/v1/vms/not-a-uuid' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fault_message).toMatch(/params\/id/);
    const json = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: expect.any(String), fault_message: expect.any(String) });
  });

  it('serves OpenAPI 3 with the schemas, the /docs page, /health and Prometheus /metrics', async () => {
    const doc = (await m.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(
      doc.paths['/v1/vms'].post.requestBody.content['application/json'].schema.properties.name.pattern,
    ).toBe('^[A-Za-z0-9-]+$');
    const docs = await m.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/html/);
    const health = await m.app.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toEqual({ ok: true, db: 'up' });
    const metrics = await m.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('nqvm_manager_http_requests_total');
    expect(metrics.body).toContain('nqvm_manager_hosts 0');
  });
});
