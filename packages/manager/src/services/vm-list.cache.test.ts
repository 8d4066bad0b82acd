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

  it('after a change re-reads only what changed, and the result equals an uncached read', async () => {
    // The uncached truth: a page of the same list straight from the database.
    const paged = async () => {
      const res = await m.inject({ method: 'GET', url: '/v1/vms?limit=1000' });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as ListedVm[];
    };
    const keep = await createVm('delta-keep');
    const gone = await createVm('delta-gone');
    const edited = await createVm('delta-edited');
    await createVm('delta-gone-2');
    await list(); // cached from here on: what follows takes the incremental path
    const exec = (q: ReturnType<typeof sql>) => q.execute(m.app.manager.db);

    // 1. An update alone (membership unchanged).
    await exec(sql`update vms set state = 'error', error = 'delta 1' where id = ${edited}`);
    expect((await byName('delta-edited'))?.state).toBe('error');

    // 2. A VM deleted outright (never 'deleting') and one inserted: the count alone would balance out.
    await exec(sql`delete from vms where id = ${gone}`);
    await exec(sql`insert into vms (id, name, state, desired_state, vcpu, mem_mib, hostname)
      values (gen_random_uuid(), 'delta-new', 'stopped', 'stopped', 1, 256, 'delta-new')`);
    let items = (await list()).items;
    expect(items.map((v) => v.id)).not.toContain(gone);
    expect(items.find((v) => v.name === 'delta-new')?.state).toBe('stopped');
    expect(items).toEqual(await paged());

    // 3. Deleted outright next to an update: membership changes though every changed row is known.
    await exec(sql`delete from vms where name = 'delta-gone-2'`);
    await exec(sql`update vms set state = 'paused' where id = ${keep}`);
    items = (await list()).items;
    expect(items.find((v) => v.name === 'delta-gone-2')).toBeUndefined();
    expect(items.find((v) => v.id === keep)?.state).toBe('paused');
    expect(items).toEqual(await paged());

    // 4. Hidden by 'deleting', shown again when it leaves that state.
    await exec(sql`update vms set state = 'deleting' where id = ${keep}`);
    expect((await list()).items.find((v) => v.id === keep)).toBeUndefined();
    await exec(sql`update vms set state = 'stopped' where id = ${keep}`);
    expect((await list()).items).toEqual(await paged());

    // 5. A host's address (on every VM of that host) after a row change was already cached.
    const hostVm = (await list()).items.find((v) => v.host_addr !== null);
    expect(hostVm).toBeDefined();
    const before = hostVm?.host_addr ?? null;
    await exec(sql`update hosts set addr = '127.0.0.78'`);
    expect((await list()).items.find((v) => v.id === hostVm?.id)?.host_addr).toBe('127.0.0.78');
    await exec(sql`update hosts set addr = ${before}`);
    expect((await list()).items).toEqual(await paged());

    // 6. The same through the viewer's (redacted) body, whose pieces are cached separately.
    const viewer = await tokenFor(m, 'viewer');
    await list(viewer);
    await exec(sql`update vms set state = 'error', error = 'at /srv/secret/x' where id = ${keep}`);
    const seen = (await list(viewer)).items.find((v) => v.id === keep) as ListedVm & { error: string };
    expect(seen.state).toBe('error');
    expect(seen.error).not.toContain('/srv/secret');
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
