// Path traversal and symlink suite on the agent: raw image paths from the manager stay inside NQVM_IMAGE_ROOT.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hostilePaths, makePathFixture } from '@nqvm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, createTestHost, type TestHost } from './agent.test-support.js';
import type { Agent } from './agent-app.js';

describe('agent path confinement', () => {
  let host: TestHost;
  let agent: Agent;
  let fx: ReturnType<typeof makePathFixture>;
  beforeAll(async () => {
    fx = makePathFixture();
    host = await createTestHost();
    agent = await host.agent({ imageRoots: [fx.root] });
  });
  afterAll(async () => {
    await host?.cleanup();
    fx?.cleanup();
  });

  // `.pool` holds the warm VMMs' slots, never a VM (store.listDirs skips it too).
  const vmDirs = async () =>
    (existsSync(agent.ctx.paths.vmsDir) ? await readdir(agent.ctx.paths.vmsDir) : []).filter(
      (n) => !n.startsWith('.'),
    );
  const put = (id: string, payload: unknown) =>
    agent.app.inject({ method: 'PUT', url: `/v1/vms/${id}`, headers: AUTH, payload: payload as object });

  it('cases: every hostile kernel, rootfs or drive path is a 4xx in the agent error shape and changes nothing', async () => {
    const cases = hostilePaths(fx.root, fx.outside);
    for (const [name, path] of cases) {
      for (const field of ['kernel', 'rootfs', 'drive'] as const) {
        const spec = host.spec();
        const payload =
          field === 'drive'
            ? { ...spec, drives: [{ drive_id: 'data', is_read_only: true, image: { path } }] }
            : { ...spec, [field]: { path } };
        const res = await put('hostile', payload);
        expect(res.statusCode, `${field}: ${name}: ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${field}: ${name}`).toBeLessThan(500);
        expect(res.json(), `${field}: ${name}`).toMatchObject({
          error: expect.any(String),
          code: expect.stringMatching(/^AGT_ERR_(PATH_REJECTED|IMAGE_MISSING|VALIDATION)$/),
        });
      }
    }
    expect(await vmDirs()).toEqual([]);
    expect((await agent.app.inject({ url: '/v1/vms', headers: AUTH })).json().items).toEqual([]);
  });

  it('names the reason: outside the root through a symlink is PATH_REJECTED, a dangling link IMAGE_MISSING', async () => {
    const out = await put('hostile', {
      ...host.spec(),
      kernel: { path: join(fx.root, 'link-to-link-out.img') },
    });
    expect(out.statusCode).toBe(400);
    expect(out.json()).toMatchObject({ code: 'AGT_ERR_PATH_REJECTED' });
    expect(out.json().error).toContain('outside');
    const dangling = await put('hostile', {
      ...host.spec(),
      kernel: { path: join(fx.root, 'dangling.img') },
    });
    expect(dangling.statusCode).toBe(422);
    expect(dangling.json().code).toBe('AGT_ERR_IMAGE_MISSING');
  });

  it('refuses traversal in ids and checksums that become file names', async () => {
    const ref = { image_id: 'x', sha256: '../../../../etc/passwd', size_bytes: 1 };
    const bad = [
      ['/v1/vms/..%2f..%2fetc', host.spec()],
      ['/v1/vms/%2e%2e', host.spec()],
      ['/v1/vms/a%00b', host.spec()],
      ['/v1/vms/ok-id', { ...host.spec(), kernel: ref }],
      [
        '/v1/vms/ok-id',
        { ...host.spec(), drives: [{ drive_id: '../x', is_read_only: true, size_bytes: 1024 }] },
      ],
    ] as const;
    for (const [url, payload] of bad) {
      const res = await agent.app.inject({ method: 'PUT', url, headers: AUTH, payload: payload as object });
      expect(res.statusCode, `${url}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.json().code, url).toMatch(/^AGT_ERR_/);
    }
    for (const url of ['/v1/vms/x/snapshots/..%2f..%2fvm.json', '/v1/vms/..%2fx/logs?kind=console']) {
      const res = await agent.app.inject({
        method: url.includes('snapshots') ? 'DELETE' : 'GET',
        url,
        headers: AUTH,
      });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    expect(await vmDirs()).toEqual([]);
  });

  it('accepts a file inside the root, also through a symlink that stays inside', async () => {
    // The fixture files are not bootable: the define step only copies them, which is what is checked.
    const res = await put('inside', {
      ...host.spec(),
      rootfs: { path: join(fx.root, 'link-to-link-in.img') },
      kernel: { path: join(fx.root, 'good.img') },
      initrd: { path: join(fx.root, 'sub', 'deep.img') },
    });
    expect(res.statusCode, res.body).toBe(200);
    await agent.app.inject({ method: 'DELETE', url: '/v1/vms/inside', headers: AUTH });
  });
});
