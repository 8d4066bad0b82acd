// Host paths are for admins: viewers and operators read VMs, drives, images, snapshots, templates and
// errors with the same fields but no host path in them; admins read the real values.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeAgent } from '../testing/fake-agent.js';
import {
  createTestManager,
  describeEachDatabase,
  registerFakeHost,
  type TestManager,
  tokenFor,
} from '../testing/test-manager.js';
import { redactPaths, scrubPaths } from './path-redaction.js';

it('replaces path fields anywhere in a payload, keeps everything else, and never mutates', () => {
  const vm = {
    id: 'v',
    kernel_path: '/srv/k',
    api_sock: '/var/lib/nqvm/vms/v/api.sock',
    name: 'n',
    error: null,
  };
  const payload = {
    items: [vm],
    image: { id: 'i1', host_path: '/srv/images/k' },
    err: { error: "'/a/b' gone" },
  };
  const copy = redactPaths(payload);
  expect(copy).toEqual({
    items: [{ id: 'v', kernel_path: null, api_sock: null, name: 'n', error: null }],
    image: { id: 'i1', host_path: 'image:i1' },
    err: { error: "'<path>' gone" },
  });
  expect(vm.kernel_path).toBe('/srv/k');
  expect(scrubPaths('see /v1/vms and http://h:1/x')).toBe('see /v1/vms and http://h:1/x');
});

describeEachDatabase('host paths by role', (db) => {
  let m: TestManager;
  let agent: FakeAgent;
  const tokens: Record<string, string> = {};
  let vmId = '';
  let imageId = '';
  let snapshotId = '';
  let templateId = '';
  const kernel = () => join(m.imageRoot, 'vmlinux-raw');

  const as = (role: string, url: string) =>
    m.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[role]}` } });

  beforeAll(async () => {
    m = await createTestManager(db, { allowImagePaths: true });
    ({ agent } = await registerFakeHost(m.app));
    for (const role of ['viewer', 'operator', 'admin'] as const) tokens[role] = await tokenFor(m, role);
    writeFileSync(kernel(), 'kernel');
    writeFileSync(join(m.imageRoot, 'rootfs-raw.ext4'), 'rootfs');
    writeFileSync(join(m.imageRoot, 'data.ext4'), 'data');
    const vm = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: {
        name: 'paths-vm',
        vcpu: 1,
        mem_mib: 256,
        kernel_path: kernel(),
        rootfs_path: join(m.imageRoot, 'rootfs-raw.ext4'),
      },
    });
    expect(vm.statusCode, vm.body).toBe(200);
    vmId = vm.json().id;
    const image = await m.inject({
      method: 'POST',
      url: '/v1/images',
      payload: { kind: 'rootfs', name: 'data-image', host_path: join(m.imageRoot, 'data.ext4') },
    });
    imageId = image.json().id;
    const drive = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/drives`,
      payload: { drive_id: 'data', image_id: imageId, is_root_device: false, is_read_only: true },
    });
    expect(drive.statusCode, drive.body).toBe(200);
    const raw = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/drives`,
      payload: { drive_id: 'raw', path_on_host: kernel(), is_root_device: false, is_read_only: true },
    });
    expect(raw.statusCode, raw.body).toBe(200);
    const snap = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/snapshots`,
      payload: { name: 'snap-one' },
    });
    expect(snap.statusCode, snap.body).toBe(200);
    snapshotId = snap.json().id;
    const template = await m.inject({
      method: 'POST',
      url: '/v1/templates',
      payload: {
        name: 'paths-template',
        spec: { vcpu: 1, mem_mib: 256, kernel_path: kernel(), rootfs_path: kernel() },
      },
    });
    expect(template.statusCode, template.body).toBe(200);
    templateId = template.json().id;
    // What an agent reports as a VM's error (e.g. a VMM that died) names files on its host.
    await m.app.manager.db
      .updateTable('vms')
      .set({ error: `VMM exited: open /var/lib/nqvm/vms/${vmId}/api.sock: refused` })
      .where('id', '=', vmId)
      .execute();
  });
  afterAll(async () => {
    await m?.close();
    await agent?.close();
  });

  it('shows admins the real paths, as the agent reports them', async () => {
    const vm = (await as('admin', `/v1/vms/${vmId}`)).json().item;
    expect(vm.kernel_path).toBe(kernel());
    expect(vm.api_sock).toBe(`/var/lib/nqvm/vms/${vmId}/api.sock`);
    expect(vm.log_path).toBe(`/var/lib/nqvm/vms/${vmId}/console.log`);
    expect(vm.error).toContain(`/var/lib/nqvm/vms/${vmId}/api.sock`);
    const drives = (await as('admin', `/v1/vms/${vmId}/drives`)).json().items;
    // A registry image's drive has no host path of its own: the manager's file is not on the agent.
    expect(drives.find((d: { drive_id: string }) => d.drive_id === 'data').path_on_host).toBeNull();
    expect(drives.find((d: { drive_id: string }) => d.drive_id === 'raw').path_on_host).toBe(kernel());
    expect((await as('admin', `/v1/images/${imageId}`)).json().item.host_path).toBe(
      join(m.imageRoot, 'data.ext4'),
    );
    expect((await as('admin', `/v1/snapshots/${snapshotId}`)).json().item.mem_path).toMatch(
      /^\/var\/lib\/nqvm/,
    );
    expect((await as('admin', `/v1/templates/${templateId}`)).json().item.spec.kernel_path).toBe(kernel());
  });

  for (const role of ['viewer', 'operator']) {
    it(`shows a ${role} the same fields with no host path in any of them`, async () => {
      const reads = [
        `/v1/vms`,
        `/v1/vms/${vmId}`,
        `/v1/vms/${vmId}/drives`,
        `/v1/vms/${vmId}/drives/raw`,
        `/v1/images`,
        `/v1/images/${imageId}`,
        `/v1/vms/${vmId}/snapshots`,
        `/v1/snapshots/${snapshotId}`,
        `/v1/templates`,
        `/v1/templates/${templateId}`,
      ];
      for (const url of reads) {
        const res = await as(role, url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body, `${role} ${url}`).not.toMatch(/"\/(srv|var|tmp|home|root)|\s\/(var|tmp)\//);
        expect(res.body, `${role} ${url}`).not.toContain(m.dataDir);
      }
      const vm = (await as(role, `/v1/vms/${vmId}`)).json().item;
      expect(vm).toMatchObject({ kernel_path: null, rootfs_path: null, api_sock: null, log_path: null });
      expect(vm.error).toContain('<path>');
      expect((await as(role, `/v1/images/${imageId}`)).json().item.host_path).toBe(`image:${imageId}`);
      const snap = (await as(role, `/v1/snapshots/${snapshotId}`)).json().item;
      expect(snap).toMatchObject({ snapshot_path: null, mem_path: null, id: snapshotId });
      expect((await as(role, `/v1/templates/${templateId}`)).json().item.spec.kernel_path).toBeNull();
    });
  }

  it('scrubs host paths in the event stream for a viewer, not for an admin', async () => {
    await m.app.manager.services.bus.publish({
      kind: 'image.failed',
      resource_type: 'image',
      resource_id: imageId,
      data: { error: `cannot read /var/lib/nqvm/images/store/${imageId}.img` },
    });
    await m.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(m.app.server.address() as { port: number }).port}`;
    const read = async (role: string): Promise<string> => {
      const ac = new AbortController();
      const res = await fetch(`${base}/v1/events?after=0`, {
        headers: { authorization: `Bearer ${tokens[role]}` },
        signal: ac.signal,
      });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      while (!text.includes('image.failed')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
      ac.abort();
      return text.slice(text.indexOf('event: image.failed'));
    };
    expect(await read('viewer')).toContain('cannot read <path>');
    expect(await read('admin')).toContain('/var/lib/nqvm/images/store/');
  });

  it('scrubs host paths from an operator’s error too, not only a viewer’s', async () => {
    agent.fail({
      path: /\/pause$/,
      status: 500,
      message: `read /var/lib/nqvm/vms/${vmId}/vm.json failed`,
      times: 2,
    });
    for (const [role, seen] of [
      ['operator', false],
      ['admin', true],
    ] as const) {
      const res = await m.app.inject({
        method: 'POST',
        url: `/v1/vms/${vmId}/pause`,
        headers: { authorization: `Bearer ${tokens[role]}` },
        payload: {},
      });
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.body.includes('/var/lib/nqvm'), `${role}: ${res.body}`).toBe(seen);
    }
  });
});
