// Image registry routes: register under the root, upload, import from a local URL, volumes, delete rules.
import { createHash } from 'node:crypto';
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeAgent } from '../testing/fake-agent.js';
import {
  createTestManager,
  describeEachDatabase,
  registerFakeHost,
  type TestManager,
} from '../testing/test-manager.js';

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describeEachDatabase('image routes', (db) => {
  let m: TestManager;
  let agent: FakeAgent;
  let server: Server;
  let baseUrl: string;
  const payload = Buffer.alloc(3 * 1024 * 1024 + 17, 7);

  beforeAll(async () => {
    m = await createTestManager(db, { maxImageBytes: 4 * 1024 * 1024 });
    ({ agent } = await registerFakeHost(m.app));
    // The "internet" for URL imports: a local server on 127.0.0.1 only.
    server = createServer((req, res) => {
      if (req.url === '/image.bin') {
        res.writeHead(200, { 'content-length': payload.length });
        res.end(payload);
      } else if (req.url === '/huge.bin') {
        res.writeHead(200);
        res.end(Buffer.alloc(5 * 1024 * 1024));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await m?.close();
    await agent?.close();
    await new Promise((r) => server?.close(r));
  });

  it('registers a file under MANAGER_IMAGE_ROOT with size and sha256 computed', async () => {
    const path = join(m.imageRoot, 'vmlinux-6.1');
    writeFileSync(path, 'kernel bytes');
    const res = await m.inject({
      method: 'POST',
      url: '/v1/images',
      payload: { kind: 'kernel', name: 'linux-6.1-generic', host_path: path, project: 'kernel-store' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const item = (await m.inject({ method: 'GET', url: `/v1/images/${res.json().id}` })).json().item;
    expect(item).toMatchObject({
      kind: 'kernel',
      name: 'linux-6.1-generic',
      host_path: path,
      sha256: sha('kernel bytes'),
      size: 12,
      project: 'kernel-store',
      status: 'ready',
    });
  });

  it('refuses paths outside the root (also through a symlink), missing files and wrong checksums', async () => {
    const outside = join(m.dataDir, 'outside.img');
    writeFileSync(outside, 'x');
    const link = join(m.imageRoot, 'sneaky-link');
    symlinkSync(outside, link);
    for (const host_path of [outside, link, join(m.imageRoot, '..', 'outside.img')]) {
      const res = await m.inject({
        method: 'POST',
        url: '/v1/images',
        payload: { kind: 'rootfs', name: 'nope', host_path },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('Invalid path (not under MANAGER_IMAGE_ROOT)');
    }
    const missing = await m.inject({
      method: 'POST',
      url: '/v1/images',
      payload: { kind: 'rootfs', name: 'missing', host_path: join(m.imageRoot, 'nothing') },
    });
    expect(missing.statusCode).toBe(400);
    const path = join(m.imageRoot, 'checked');
    writeFileSync(path, 'abc');
    const wrong = await m.inject({
      method: 'POST',
      url: '/v1/images',
      payload: { kind: 'rootfs', name: 'checked', host_path: path, sha256: 'a'.repeat(64) },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('MVM_ERR_IMAGE_CHECKSUM_MISMATCH');
  });

  it('streams an upload to disk with its sha256, and refuses one past the size limit', async () => {
    const data = Buffer.from('rootfs upload content');
    const res = await m.inject({
      method: 'POST',
      url: '/v1/images/upload?kind=rootfs&name=uploaded-rootfs',
      headers: { 'content-type': 'application/octet-stream' },
      payload: data,
    });
    expect(res.statusCode, res.body).toBe(200);
    const item = (await m.inject({ method: 'GET', url: `/v1/images/${res.json().id}` })).json().item;
    expect(item).toMatchObject({ sha256: sha(data), size: data.length, origin: 'upload', status: 'ready' });
    expect(existsSync(item.host_path)).toBe(true);

    const big = await m.inject({
      method: 'POST',
      url: '/v1/images/upload?kind=rootfs&name=too-big',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(5 * 1024 * 1024),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('MVM_ERR_IMAGE_TOO_LARGE');
  });

  it('imports from an http URL in the background with progress and sha256 on the record', async () => {
    const res = await m.inject({
      method: 'POST',
      url: '/v1/images/import',
      payload: { kind: 'rootfs', name: 'imported', url: `${baseUrl}/image.bin`, sha256: sha(payload) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { id } = res.json();
    await m.app.manager.services.images.waitForImport(id);
    const item = (await m.inject({ method: 'GET', url: `/v1/images/${id}` })).json().item;
    expect(item).toMatchObject({
      status: 'ready',
      sha256: sha(payload),
      size: payload.length,
      progress: { bytes_done: payload.length, bytes_total: payload.length },
      source_url: `${baseUrl}/image.bin`,
    });
  });

  it('marks a failed import (404, too large, checksum) as failed with the reason', async () => {
    const cases = [
      { name: 'gone', url: `${baseUrl}/missing.bin`, error: /HTTP 404/ },
      { name: 'huge', url: `${baseUrl}/huge.bin`, error: /larger than/ },
      { name: 'bad-sum', url: `${baseUrl}/image.bin`, sha256: 'b'.repeat(64), error: /sha256 mismatch/ },
    ];
    for (const c of cases) {
      const { error, ...body } = c;
      const { id } = (
        await m.inject({ method: 'POST', url: '/v1/images/import', payload: { kind: 'data', ...body } })
      ).json();
      await m.app.manager.services.images.waitForImport(id);
      const item = (await m.inject({ method: 'GET', url: `/v1/images/${id}` })).json().item;
      expect(item.status).toBe('failed');
      expect(item.error).toMatch(error);
    }
  });

  it('creates an empty data volume and filters the list by kind, project and name', async () => {
    const res = await m.inject({
      method: 'POST',
      url: '/v1/images/volumes',
      payload: { name: 'db-vol-1', size_bytes: 1048576, type: 'data' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const data = (await m.inject({ method: 'GET', url: '/v1/images?kind=data&name=db-vol-1' })).json().items;
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      kind: 'data',
      size: 1048576,
      origin: 'volume',
      sha256: sha(Buffer.alloc(1048576)),
    });
    const kernels = (await m.inject({ method: 'GET', url: '/v1/images?project=kernel-store' })).json().items;
    expect(kernels.map((i: { name: string }) => i.name)).toEqual(['linux-6.1-generic']);
    expect((await m.inject({ method: 'GET', url: '/v1/images?kind=floppy' })).statusCode).toBe(400);
  });

  it('refuses to delete an image a VM or template uses (409); deleting keeps the file', async () => {
    const kernel = (await m.inject({ method: 'GET', url: '/v1/images?kind=kernel' })).json().items[0];
    const rootfs = (await m.inject({ method: 'GET', url: '/v1/images?name=uploaded-rootfs' })).json()
      .items[0];
    const vm = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: {
        name: 'uses-images',
        vcpu: 1,
        mem_mib: 256,
        kernel_image_id: kernel.id,
        rootfs_image_id: rootfs.id,
      },
    });
    expect(vm.statusCode, vm.body).toBe(200);
    const tpl = await m.inject({
      method: 'POST',
      url: '/v1/templates',
      payload: {
        name: 'uses-kernel',
        spec: { vcpu: 1, mem_mib: 256, kernel_image_id: kernel.id, rootfs_image_id: rootfs.id },
      },
    });
    expect(tpl.statusCode, tpl.body).toBe(200);
    const refused = await m.inject({ method: 'DELETE', url: `/v1/images/${kernel.id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().fault_message).toMatch(/template uses-kernel.*vm uses-images/);

    await m.inject({ method: 'DELETE', url: `/v1/vms/${vm.json().id}` });
    await m.inject({ method: 'DELETE', url: `/v1/templates/${tpl.json().id}` });
    const ok = await m.inject({ method: 'DELETE', url: `/v1/images/${kernel.id}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true });
    expect(existsSync(kernel.host_path)).toBe(true);
    expect((await m.inject({ method: 'DELETE', url: `/v1/images/${kernel.id}` })).statusCode).toBe(404);
  });

  it('serves image content to agents with their credential only', async () => {
    const rootfs = (await m.inject({ method: 'GET', url: '/v1/images?name=uploaded-rootfs' })).json()
      .items[0];
    const url = `/v1/agent/images/${rootfs.id}/content`;
    expect((await m.inject({ method: 'GET', url })).statusCode).toBe(401);
    const res = await m.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${agent.credential}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-sha256']).toBe(rootfs.sha256);
    expect(sha(res.rawPayload)).toBe(rootfs.sha256);
  });
});
