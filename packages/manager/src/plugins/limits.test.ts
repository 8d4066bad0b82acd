// Rate limits per token (429 + Retry-After), the body size limit (413) and no host paths for viewers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, parseRateLimits, resolveConfig } from '../config.js';
import {
  createTestManager,
  describeEachDatabase,
  type TestManager,
  tokenFor,
} from '../testing/test-manager.js';
import { scrubPaths } from './path-redaction.js';

it('reads MANAGER_RATE_LIMITS over the spec defaults', () => {
  expect(resolveConfig().rateLimits).toEqual(DEFAULT_RATE_LIMITS);
  expect(DEFAULT_RATE_LIMITS.vm_create).toEqual({ perMinute: 10, burst: 20 });
  expect(parseRateLimits('vm_create=600/1000')).toMatchObject({
    vm_create: { perMinute: 600, burst: 1000 },
    snapshot: { perMinute: 5, burst: 10 },
  });
  expect(parseRateLimits('off')).toBe(false);
  expect(() => parseRateLimits('bogus=1/2')).toThrow(/MANAGER_RATE_LIMITS/);
});

it('hides host paths but keeps API paths and URLs', () => {
  expect(scrubPaths("file '/srv/images/k.bin' missing (see /v1/images, http://h:1/x)")).toBe(
    "file '<path>' missing (see /v1/images, http://h:1/x)",
  );
});

describeEachDatabase('request limits', (db) => {
  let m: TestManager;
  let clock = Date.parse('2030-01-01T00:00:00Z');
  beforeAll(async () => {
    m = await createTestManager(db, {
      now: () => new Date(clock),
      rateLimits: DEFAULT_RATE_LIMITS,
      bodyLimitBytes: 64 * 1024,
    });
  });
  afterAll(async () => m?.close());

  it('gives each token the spec budget for snapshots (5/min, burst 10), then 429 with Retry-After', async () => {
    const a = await tokenFor(m, 'operator');
    const b = await tokenFor(m, 'operator');
    const snap = (token: string) =>
      m.app.inject({
        method: 'POST',
        url: '/v1/vms/00000000-0000-4000-8000-000000000000/snapshots',
        headers: { authorization: `Bearer ${token}` },
        payload: {},
      });
    for (let i = 0; i < 10; i++) expect((await snap(a)).statusCode).toBe(404);
    const limited = await snap(a);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('12');
    expect(limited.json()).toMatchObject({ code: 'MVM_ERR_RATE_LIMITED', suggestion: expect.any(String) });
    // Another token has its own budget; time refills this one.
    expect((await snap(b)).statusCode).toBe(404);
    clock += 12_000;
    expect((await snap(a)).statusCode).toBe(404);
    expect((await snap(a)).statusCode).toBe(429);
  });

  it('answers an oversized JSON body with 413 in the error shape', async () => {
    const res = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: { name: 'big-one', vcpu: 1, mem_mib: 256, boot_args: 'x'.repeat(100_000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      code: 'MVM_ERR_PAYLOAD_TOO_LARGE',
      error: 'Request body too large',
      suggestion: expect.any(String),
      fault_message: expect.any(String),
    });
  });
});
