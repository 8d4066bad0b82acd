// @nqvm/client against a real listening manager: the client's routes and shapes match the server's.

import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createManagerClient, ManagerApiError } from '@nqvm/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeAgent } from './testing/fake-agent.js';
import {
  ADMIN_TOKEN,
  createTestManager,
  describeEachDatabase,
  registerFakeHost,
  type TestManager,
} from './testing/test-manager.js';

describeEachDatabase('client contract', (db) => {
  let m: TestManager;
  let agent: FakeAgent;
  let api: ReturnType<typeof createManagerClient>;

  beforeAll(async () => {
    m = await createTestManager(db);
    ({ agent } = await registerFakeHost(m.app));
    await m.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = m.app.server.address() as AddressInfo;
    api = createManagerClient({ baseUrl: `http://127.0.0.1:${port}`, token: ADMIN_TOKEN });
  });
  afterAll(async () => {
    await m?.close();
    await agent?.close();
  });

  it('drives a VM through its life with the typed client', async () => {
    writeFileSync(join(m.imageRoot, 'ck'), 'k');
    writeFileSync(join(m.imageRoot, 'cr'), 'r');
    const k = await api.images.register({
      kind: 'kernel',
      name: 'c-kernel',
      host_path: join(m.imageRoot, 'ck'),
    });
    const r = await api.images.register({
      kind: 'rootfs',
      name: 'c-rootfs',
      host_path: join(m.imageRoot, 'cr'),
    });
    const up = await api.images.upload({ kind: 'data', name: 'blob' }, new Blob(['hello']));
    expect((await api.images.get(up.id)).size).toBe(5);
    const { id } = await api.vms.create({
      name: 'client-vm',
      vcpu: 1,
      mem_mib: 256,
      kernel_image_id: k.id,
      rootfs_image_id: r.id,
    });
    // Created running by default; `start: false` leaves a VM stopped for a later start.
    expect((await api.vms.get(id)).state).toBe('running');
    const idle = await api.vms.create({
      name: 'client-idle',
      vcpu: 1,
      mem_mib: 256,
      kernel_image_id: k.id,
      rootfs_image_id: r.id,
      start: false,
    });
    expect((await api.vms.get(idle.id)).state).toBe('stopped');
    await api.vms.start(idle.id);
    expect((await api.vms.get(idle.id)).state).toBe('running');
    await api.vms.delete(idle.id);
    expect((await api.vms.list()).items.map((v) => v.name)).toContain('client-vm');
    expect(await api.drives.list(id)).toHaveLength(1);
    expect((await api.nics.list(id))[0]?.iface_id).toBe('eth0');
    const snap = await api.snapshots.create(id, { name: 'snap-one' });
    expect((await api.snapshots.get(snap.id)).state).toBe('completed');
    expect((await api.hosts.list())[0]?.status).toBe('online');
    const err = await api.vms.start(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManagerApiError);
    expect((err as ManagerApiError).status).toBe(400);
    await api.vms.delete(id);
    await expect(api.vms.get(id)).rejects.toMatchObject({ status: 404, code: 'MVM_ERR_VM_NOT_FOUND' });
  });

  it('logs in as a user, mints a viewer token and reads the audit log with the typed client', async () => {
    const created = await api.users.create({
      username: 'cli-op',
      password: 'operator password',
      role: 'operator',
    });
    const root = api.vms.shellUrl('x').split('/v1/')[0]?.replace(/^ws/, 'http') ?? '';
    const session = await createManagerClient({ baseUrl: root }).auth.login('cli-op', 'operator password');
    const op = createManagerClient({ baseUrl: root, token: session.token });
    expect(await op.auth.me()).toMatchObject({ username: 'cli-op', role: 'operator' });
    const viewer = await op.tokens.create({ name: 'dash', role: 'viewer' });
    expect((await op.tokens.list()).map((t) => t.id)).toEqual([viewer.id]);
    const ro = createManagerClient({ baseUrl: root, token: viewer.token });
    await expect(ro.vms.create({ name: 'nope-vm', vcpu: 1, mem_mib: 256 })).rejects.toMatchObject({
      status: 403,
      code: 'MVM_ERR_FORBIDDEN',
    });
    expect((await ro.tickets.create()).ticket).toMatch(/^nqvt_/);
    await op.tokens.revoke(viewer.id);
    await expect(ro.auth.me()).rejects.toMatchObject({ status: 401 });
    const audit = await api.audit.list({ actor: 'cli-op' });
    expect(audit.items.map((e) => e.action)).toContain('POST /v1/tokens');
    expect((await api.users.disable(created.id)).disabled).toBe(true);
  });
});
