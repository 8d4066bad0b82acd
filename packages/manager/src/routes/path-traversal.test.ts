// Path traversal and symlink suite on the manager: every path a request carries is confined or refused with a 4xx.
import { readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { checkPathSyntax, hostilePaths, makePathFixture } from '@nqvm/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeAgent } from '../testing/fake-agent.js';
import {
  createTestManager,
  describeEachDatabase,
  registerFakeHost,
  type TestManager,
} from '../testing/test-manager.js';

const UUID = '00000000-0000-4000-8000-000000000000';

describeEachDatabase('path traversal and symlinks', (db) => {
  let m: TestManager;
  let agent: FakeAgent;
  let fx: ReturnType<typeof makePathFixture>;
  let vmId = '';

  beforeAll(async () => {
    fx = makePathFixture();
    // The fixture's root is the image root: a link from it to a sibling directory leaves it.
    m = await createTestManager(db, { imageRoot: fx.root, allowImagePaths: true });
    ({ agent } = await registerFakeHost(m.app));
    const vm = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: {
        name: 'paths-host',
        vcpu: 1,
        mem_mib: 256,
        kernel_path: join(fx.root, 'good.img'),
        rootfs_path: join(fx.root, 'good.img'),
      },
    });
    expect(vm.statusCode, vm.body).toBe(200);
    vmId = vm.json().id;
  });
  afterAll(async () => {
    await m?.close();
    await agent?.close();
    fx?.cleanup();
  });

  const counts = async () => ({
    images: (await m.inject({ method: 'GET', url: '/v1/images' })).json().items.length,
    vms: (await m.inject({ method: 'GET', url: '/v1/vms' })).json().items.length,
    templates: (await m.inject({ method: 'GET', url: '/v1/templates' })).json().items.length,
    drives: (await m.inject({ method: 'GET', url: `/v1/vms/${vmId}/drives` })).json().items.length,
    agentCalls: agent.calls.length,
  });

  function expectRefused(res: { statusCode: number; json(): unknown; body: string }, what: string) {
    expect(res.statusCode, `${what}: ${res.body}`).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, what).toBeLessThan(500);
    expect(res.json(), what).toMatchObject({
      error: expect.any(String),
      code: expect.stringMatching(/^MVM_ERR_/),
    });
  }

  it('cases: image registration (a file on the manager host) refuses every hostile path, registering nothing', async () => {
    const before = await counts();
    for (const [name, path, reason] of hostilePaths(fx.root, fx.outside)) {
      const res = await m.inject({
        method: 'POST',
        url: '/v1/images',
        payload: { kind: 'rootfs', name: 'hostile', host_path: path },
      });
      expectRefused(res, name);
      const code = res.json() as { code: string };
      if (reason === 'outside') expect(code.code, name).toBe('MVM_ERR_IMAGE_PATH_OUTSIDE_ROOT');
      if (reason === 'missing' || reason === 'not_file')
        expect(code.code, name).toBe('MVM_ERR_IMAGE_FILE_MISSING');
    }
    expect(await counts()).toEqual(before);
    // Inside the root, also through links that stay inside, it works.
    const ok = await m.inject({
      method: 'POST',
      url: '/v1/images',
      payload: { kind: 'rootfs', name: 'via-links', host_path: join(fx.root, 'link-to-link-in.img') },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const item = (await m.inject({ method: 'GET', url: `/v1/images/${ok.json().id}` })).json().item;
    expect(item.host_path).toBe(join(fx.root, 'good.img'));
  });

  // Raw paths name files on the agent's host: the manager refuses what it can tell from the text (the
  // agent resolves the rest under its NQVM_IMAGE_ROOT — see the agent's path-confinement suite).
  const syntaxCases = () => {
    const cases = hostilePaths(fx.root, fx.outside).filter(([, path]) => {
      try {
        checkPathSyntax(path, fx.root);
        return false;
      } catch {
        return true;
      }
    });
    expect(cases.length).toBeGreaterThanOrEqual(12);
    return cases;
  };

  it('cases: raw kernel/rootfs paths of a VM and a template refuse every path that leaves the root, creating nothing', async () => {
    const before = await counts();
    for (const [name, path] of syntaxCases()) {
      for (const field of ['kernel_path', 'rootfs_path']) {
        const vm = await m.inject({
          method: 'POST',
          url: '/v1/vms',
          payload: {
            name: 'hostile-vm',
            vcpu: 1,
            mem_mib: 256,
            kernel_path: join(fx.root, 'good.img'),
            rootfs_path: join(fx.root, 'good.img'),
            [field]: path,
          },
        });
        expectRefused(vm, `vm ${field} ${name}`);
        const template = await m.inject({
          method: 'POST',
          url: '/v1/templates',
          payload: {
            name: 'hostile-template',
            spec: {
              vcpu: 1,
              mem_mib: 256,
              kernel_path: join(fx.root, 'good.img'),
              rootfs_path: join(fx.root, 'good.img'),
              [field]: path,
            },
          },
        });
        expectRefused(template, `template ${field} ${name}`);
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('cases: a drive path_on_host that leaves the root is refused before any row or agent call', async () => {
    const before = await counts();
    for (const [name, path] of syntaxCases()) {
      const add = await m.inject({
        method: 'POST',
        url: `/v1/vms/${vmId}/drives`,
        payload: { drive_id: 'hostile', path_on_host: path, is_root_device: false, is_read_only: true },
      });
      expectRefused(add, `add ${name}`);
      const patch = await m.inject({
        method: 'PATCH',
        url: `/v1/vms/${vmId}/drives/rootfs`,
        payload: { path_on_host: path },
      });
      expectRefused(patch, `patch ${name}`);
    }
    expect(await counts()).toEqual(before);
  });

  it('reads logs only by VM: a path that is not a VM log, traversal included, is a 400', async () => {
    for (const path of [
      '/etc/passwd',
      '../../etc/passwd',
      '%2e%2e%2fetc%2fpasswd',
      `${fx.root}/../outside/secret.img`,
      'a\u0000b',
    ]) {
      const res = await m.inject({ method: 'GET', url: `/v1/logs/tail?path=${encodeURIComponent(path)}` });
      expectRefused(res, path);
      expect(res.statusCode).toBe(400);
    }
  });

  it('treats ids in URLs as ids: traversal in a snapshot, image or VM id is a 4xx, never a file', async () => {
    for (const url of [
      '/v1/snapshots/..%2f..%2fetc%2fpasswd',
      '/v1/snapshots/%2e%2e',
      `/v1/vms/${vmId}/drives/..%2f..%2fvm.json`,
      '/v1/images/..%2f..%2fetc%2fpasswd',
      '/v1/vms/%00',
      `/v1/snapshots/${UUID}`,
    ]) {
      const res = await m.inject({ method: 'GET', url });
      expectRefused(res, url);
    }
  });

  it('stores an upload under the data dir whatever its name says', async () => {
    const res = await m.inject({
      method: 'POST',
      url: `/v1/images/upload?kind=rootfs&name=${encodeURIComponent('../../../../tmp/escape')}`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('data'),
    });
    // Either the name is refused, or the file lands in the store under the image's id.
    if (res.statusCode === 200) {
      const item = (await m.inject({ method: 'GET', url: `/v1/images/${res.json().id}` })).json().item;
      expect(item.host_path.startsWith(join(m.dataDir, 'images', 'store'))).toBe(true);
      expect(item.host_path).toBe(join(m.dataDir, 'images', 'store', `${item.id}.img`));
    } else expectRefused(res, 'upload name');
    expect(readdirSync(fx.base).sort()).toEqual(['outside', 'root']);
  });

  it('refuses a directory link added under the root later: it still cannot lead out (register)', async () => {
    const dir = join(fx.root, 'later');
    symlinkSync(fx.outside, dir);
    const res = await m.inject({
      method: 'POST',
      url: '/v1/images',
      payload: { kind: 'rootfs', name: 'later', host_path: join(dir, 'secret.img') },
    });
    expect(res.json().code).toBe('MVM_ERR_IMAGE_PATH_OUTSIDE_ROOT');
  });
});
