// Route behaviour through app.inject(): auth, validation, errors, OpenAPI, metrics, create/delete files.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH, createTestHost, type TestHost } from './agent.test-support.js';
import type { Agent } from './agent-app.js';

describe('agent routes', () => {
  let host: TestHost;
  let agent: Agent;
  beforeEach(async () => {
    host = await createTestHost();
    agent = await host.agent();
  });
  afterEach(() => host.cleanup());

  const vmsDir = () => agent.ctx.paths.vmsDir;
  // `.pool` holds the warm VMMs' slots, never a VM (store.listDirs skips it too).
  const vmDirs = async () =>
    (existsSync(vmsDir()) ? await readdir(vmsDir()) : []).filter((n) => !n.startsWith('.'));

  it('serves /health openly and refuses everything else without the credential', async () => {
    expect((await agent.app.inject({ url: '/health' })).json()).toEqual({ ok: true });
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic x' }]) {
      const res = await agent.app.inject({ url: '/v1/vms', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('AGT_ERR_UNAUTHORIZED');
    }
    const put = await agent.app.inject({ method: 'PUT', url: '/v1/vms/a', payload: host.spec() });
    expect(put.statusCode).toBe(401);
    expect(await vmDirs()).toEqual([]);
  });

  it('accepts the credential stored at registration as well as the static token', async () => {
    agent.ctx.credential.value = 'registered-secret';
    const res = await agent.app.inject({
      url: '/v1/vms',
      headers: { authorization: 'Bearer registered-secret' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('publishes OpenAPI with every contract route', async () => {
    const doc = (await agent.app.inject({ url: '/v1/openapi.json', headers: AUTH })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/v1/info',
      '/v1/vms',
      '/v1/vms/{id}',
      '/v1/vms/{id}/start',
      '/v1/vms/{id}/stop',
      '/v1/vms/{id}/drives/{drive_id}',
      '/v1/vms/{id}/nics/{iface_id}',
      '/v1/vms/{id}/snapshots',
      '/v1/vms/{id}/restore',
      '/v1/vms/{id}/logs',
      '/v1/vms/{id}/metrics',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });

  it('rejects a bad body with a 400 and creates nothing', async () => {
    const bad = [
      { ...host.spec(), vcpu: 'two' },
      { ...host.spec(), surprise: true },
      { ...host.spec(), kernel: { path: 'relative/path' } },
      { name: 'x' },
    ];
    for (const payload of bad) {
      const res = await agent.app.inject({ method: 'PUT', url: '/v1/vms/vm1', headers: AUTH, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('AGT_ERR_VALIDATION');
      expect(res.json().error).toMatch(/Invalid request/);
    }
    const badId = await agent.app.inject({
      method: 'PUT',
      url: '/v1/vms/bad_id!',
      headers: AUTH,
      payload: host.spec(),
    });
    expect(badId.statusCode).toBe(400);
    expect(await vmDirs()).toEqual([]);
  });

  it('answers an unknown VM id with 404 on every VM route', async () => {
    const calls = [
      ['GET', '/v1/vms/nope'],
      ['DELETE', '/v1/vms/nope'],
      ['POST', '/v1/vms/nope/start'],
      ['POST', '/v1/vms/nope/stop'],
      ['GET', '/v1/vms/nope/logs'],
      ['GET', '/v1/vms/nope/metrics'],
    ] as const;
    for (const [method, url] of calls) {
      const res = await agent.app.inject({
        method,
        url,
        headers: AUTH,
        payload: method === 'POST' ? {} : undefined,
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('AGT_ERR_VM_NOT_FOUND');
    }
  });

  it('refuses a missing image file with a 422 and leaves no trace', async () => {
    // Beside the real images (an image root): outside every root it would be AGT_ERR_PATH_REJECTED.
    const payload = host.spec({ rootfs: { path: join(dirname(host.rootfs), 'missing.ext4') } });
    const res = await agent.app.inject({ method: 'PUT', url: '/v1/vms/vm1', headers: AUTH, payload });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'AGT_ERR_IMAGE_MISSING', suggestion: expect.any(String) });
    expect(res.json().error).toContain('missing.ext4');
    expect(await vmDirs()).toEqual([]);
    const unknownImage = host.spec({ kernel: { image_id: 'k1', sha256: 'a'.repeat(64), size_bytes: 1 } });
    const res2 = await agent.app.inject({
      method: 'PUT',
      url: '/v1/vms/vm1',
      headers: AUTH,
      payload: unknownImage,
    });
    expect(res2.statusCode).toBe(422);
    expect(res2.json().code).toBe('AGT_ERR_IMAGE_UNAVAILABLE');
    expect(await vmDirs()).toEqual([]);
  });

  it('creates a VM with a private root disk and a sparse volume, idempotently, and deletes it fully', async () => {
    const spec = host.spec({
      drives: [{ drive_id: 'data', size_bytes: 64 * 1024 * 1024, is_read_only: false }],
    });
    const res = await agent.app.inject({ method: 'PUT', url: '/v1/vms/vm1', headers: AUTH, payload: spec });
    expect(res.statusCode).toBe(200);
    const item = res.json().item;
    expect(item).toMatchObject({ id: 'vm1', state: 'stopped', config: spec });
    const paths = agent.ctx.paths.vm('vm1');
    expect(item.api_sock).toBe(paths.apiSock);
    const root = item.drives.find((d: { drive_id: string }) => d.drive_id === 'rootfs');
    expect((await stat(paths.dir)).mode & 0o777).toBe(0o700);
    // A byte-for-byte private copy of the guest's root image.
    await promisify(execFile)('cmp', [root.path_on_host, host.rootfs]);
    expect(root.path_on_host).not.toBe(host.rootfs);
    const data = await stat(join(paths.dir, 'disks', 'data.img'));
    expect(data.size).toBe(64 * 1024 * 1024);
    expect(data.blocks * 512).toBeLessThan(1024 * 1024); // sparse: nothing allocated yet
    expect(JSON.parse(await readFile(paths.record, 'utf8')).spec).toEqual(spec);

    const again = await agent.app.inject({ method: 'PUT', url: '/v1/vms/vm1', headers: AUTH, payload: spec });
    expect(again.statusCode).toBe(200);
    const other = await agent.app.inject({
      method: 'PUT',
      url: '/v1/vms/vm1',
      headers: AUTH,
      payload: { ...spec, vcpu: 2 },
    });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('AGT_ERR_VM_EXISTS');

    const list = (await agent.app.inject({ url: '/v1/vms', headers: AUTH })).json();
    expect(list.items.map((v: { id: string }) => v.id)).toEqual(['vm1']);

    const del = await agent.app.inject({ method: 'DELETE', url: '/v1/vms/vm1', headers: AUTH });
    expect(del.json()).toEqual({ ok: true });
    expect(existsSync(paths.dir)).toBe(false);
  });

  it('refuses actions that need a running VM with a 409 that names the state', async () => {
    await agent.app.inject({ method: 'PUT', url: '/v1/vms/vm1', headers: AUTH, payload: host.spec() });
    for (const action of ['pause', 'resume', 'ctrl-alt-del', 'flush-metrics']) {
      const res = await agent.app.inject({
        method: 'POST',
        url: `/v1/vms/vm1/${action}`,
        headers: AUTH,
        payload: {},
      });
      expect(res.statusCode, action).toBe(409);
      expect(res.json().code).toBe('AGT_ERR_VM_STATE');
      expect(res.json().error).toContain('stopped');
    }
    const snap = await agent.app.inject({
      method: 'POST',
      url: '/v1/vms/vm1/snapshots',
      headers: AUTH,
      payload: { snapshot_id: 's1', snapshot_type: 'Full' },
    });
    expect(snap.statusCode).toBe(409);
  });

  it('records drive changes on a stopped VM for the next start', async () => {
    await agent.app.inject({ method: 'PUT', url: '/v1/vms/vm1', headers: AUTH, payload: host.spec() });
    const put = await agent.app.inject({
      method: 'PUT',
      url: '/v1/vms/vm1/drives/d1',
      headers: AUTH,
      payload: { drive_id: 'd1', size_bytes: 1024 * 1024, is_read_only: false },
    });
    expect(put.json()).toMatchObject({ applied: 'next_start', item: { drive_id: 'd1' } });
    const patch = await agent.app.inject({
      method: 'PATCH',
      url: '/v1/vms/vm1/drives/d1',
      headers: AUTH,
      payload: { rate_limiter: { bandwidth: { size: 1000, refill_time: 100 } } },
    });
    expect(patch.json()).toMatchObject({
      applied: 'next_start',
      item: { rate_limiter: { bandwidth: { size: 1000 } } },
    });
    const root = await agent.app.inject({
      method: 'PUT',
      url: '/v1/vms/vm1/drives/rootfs',
      headers: AUTH,
      payload: { drive_id: 'rootfs', size_bytes: 1, is_read_only: false },
    });
    expect(root.json().code).toBe('AGT_ERR_DRIVE_INVALID');
    const gone = await agent.app.inject({ method: 'DELETE', url: '/v1/vms/vm1/drives/nope', headers: AUTH });
    expect(gone.json().code).toBe('AGT_ERR_DRIVE_NOT_FOUND');
    const del = await agent.app.inject({ method: 'DELETE', url: '/v1/vms/vm1/drives/d1', headers: AUTH });
    expect(del.json()).toEqual({ ok: true, applied: 'next_start' });
    const vm = (await agent.app.inject({ url: '/v1/vms/vm1', headers: AUTH })).json().item;
    expect(vm.drives.map((d: { drive_id: string }) => d.drive_id)).toEqual(['rootfs']);
  });

  it('reports host info and Prometheus metrics', async () => {
    const info = (await agent.app.inject({ url: '/v1/info', headers: AUTH })).json();
    expect(info).toMatchObject({
      accel: expect.stringMatching(/^(kvm|tcg)$/),
      vmm: { version: expect.stringMatching(/^Firecracker v\d+\.\d+\.\d+/) },
      bridge: { name: 'nqvmbr0', cidr: '172.31.0.0/24' },
      capacity: { vcpus: expect.any(Number) },
      usage: { running_vms: 0 },
    });
    await agent.app.inject({ method: 'PUT', url: '/v1/vms/vm1', headers: AUTH, payload: host.spec() });
    const metrics = await agent.app.inject({ url: '/metrics', headers: AUTH });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('nqvm_agent_vms{state="stopped"} 1');
    expect(metrics.body).toContain('nqvm_agent_http_requests_total');
  });

  it('answers an unknown route with a coded 404', async () => {
    const res = await agent.app.inject({ url: '/v1/nothing', headers: AUTH });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('AGT_ERR_ROUTE_NOT_FOUND');
  });
});
