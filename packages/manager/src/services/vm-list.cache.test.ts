// The cached whole-VM list is never stale: API writes, writes behind the manager's back (another
// process, a foreign-key action) and host address changes all show in the very next GET /v1/vms.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestManager,
  describeEachDatabase,
  registerFakeHost,
  type TestManager,
  tokenFor,
} from '../testing/test-manager.js';

interface ListedVm {
  id: string;
  name: string;
  state: string;
  host_addr: string | null;
  template_id: string | null;
  kernel_path: string | null;
}

describeEachDatabase('VM list cache', (db) => {
  let m: TestManager;
  let kernel: string;
  let rootfs: string;

  const list = async (token?: string) => {
    const res = await m.app.inject({
      method: 'GET',
      url: '/v1/vms',
      headers: { authorization: `Bearer ${token ?? m.app.manager.adminToken}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.json() as { items: ListedVm[]; next_cursor: null };
  };
  const byName = async (name: string, token?: string) =>
    (await list(token)).items.find((v) => v.name === name);

  async function image(kind: string, name: string): Promise<string> {
    const path = join(m.imageRoot, name);
    writeFileSync(path, `${kind}:${name}`);
    const res = await m.inject({
      method: 'POST',
      url: '/v1/images',
      payload: { kind, name, host_path: path },
    });
    return res.json().id;
  }

  async function createVm(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: {
        name,
        vcpu: 1,
        mem_mib: 256,
        kernel_image_id: kernel,
        rootfs_image_id: rootfs,
        start: false,
        ...extra,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id;
  }

  beforeAll(async () => {
    m = await createTestManager(db);
    await registerFakeHost(m.app);
    kernel = await image('kernel', 'vmlinux-cache');
    rootfs = await image('rootfs', 'rootfs-cache');
  });
  afterAll(async () => m?.close());

  it('shows API creates, actions and deletes in the next list', async () => {
    const before = (await list()).items.length;
    const id = await createVm('cache-api');
    expect((await list()).items).toHaveLength(before + 1);
    expect((await byName('cache-api'))?.state).toBe('stopped');
    expect((await m.inject({ method: 'POST', url: `/v1/vms/${id}/start`, payload: {} })).statusCode).toBe(
      200,
    );
    expect((await byName('cache-api'))?.state).toBe('running');
    expect((await m.inject({ method: 'DELETE', url: `/v1/vms/${id}` })).statusCode).toBe(200);
    expect(await byName('cache-api')).toBeUndefined();
  });

  it('shows writes made straight in the database, as another process would', async () => {
    await createVm('cache-sql');
    expect((await byName('cache-sql'))?.state).toBe('stopped');
    await sql`update vms set state = 'error', error = 'made elsewhere' where name = 'cache-sql'`.execute(
      m.app.manager.db,
    );
    expect(await byName('cache-sql')).toMatchObject({ state: 'error' });
  });

  it('shows a foreign-key action (a deleted template clears template_id) and a host address change', async () => {
    const tpl = await m.inject({
      method: 'POST',
      url: '/v1/templates',
      payload: {
        name: 'cache-tpl',
        spec: { vcpu: 1, mem_mib: 256, kernel_image_id: kernel, rootfs_image_id: rootfs },
      },
    });
    const made = await m.inject({
      method: 'POST',
      url: `/v1/templates/${tpl.json().id}/instantiate`,
      payload: { name: 'cache-from-tpl', start: false },
    });
    expect(made.statusCode, made.body).toBe(200);
    expect((await byName('cache-from-tpl'))?.template_id).toBe(tpl.json().id);
    await m.inject({ method: 'DELETE', url: `/v1/templates/${tpl.json().id}` });
    expect((await byName('cache-from-tpl'))?.template_id).toBeNull();

    // Only the list is read while the address is changed: no agent call goes to it.
    const before = (await byName('cache-from-tpl'))?.host_addr;
    await sql`update hosts set addr = '127.0.0.77'`.execute(m.app.manager.db);
    expect((await byName('cache-from-tpl'))?.host_addr).toBe('127.0.0.77');
    await sql`update hosts set addr = ${before}`.execute(m.app.manager.db);
    expect((await byName('cache-from-tpl'))?.host_addr).toBe(before);
  });

  it('answers single VMs from a current list, and never from an outdated one', async () => {
    const id = await createVm('cache-single');
    await list(); // the list (and so each VM in it) is now cached
    const get = async () => (await m.inject({ method: 'GET', url: `/v1/vms/${id}` })).json().item as ListedVm;
    expect((await get()).state).toBe('stopped');
    await sql`update vms set state = 'paused' where id = ${id}`.execute(m.app.manager.db);
    expect((await get()).state).toBe('paused');
    await list();
    expect((await get()).state).toBe('paused');
    expect((await m.inject({ method: 'DELETE', url: `/v1/vms/${id}` })).statusCode).toBe(200);
    expect((await m.inject({ method: 'GET', url: `/v1/vms/${id}` })).statusCode).toBe(404);
  });

  it('hides host paths from non-admins and shows them to admins, from the same cached list', async () => {
    await sql`update vms set kernel_path = '/srv/images/secret-kernel' where name = 'cache-sql'`.execute(
      m.app.manager.db,
    );
    expect((await byName('cache-sql'))?.kernel_path).toBe('/srv/images/secret-kernel');
    const viewer = await tokenFor(m, 'viewer');
    expect((await byName('cache-sql', viewer))?.kernel_path).toBeNull();
    expect(JSON.stringify(await list(viewer))).not.toContain('/srv/images/secret-kernel');
  });
});
