// Drives, NICs, snapshots and templates against both databases, applied through the fake agent.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeAgent } from '../testing/fake-agent.js';
import {
  createTestManager,
  describeEachDatabase,
  registerFakeHost,
  type TestManager,
} from '../testing/test-manager.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

describeEachDatabase('drive, NIC, snapshot and template routes', (db) => {
  let m: TestManager;
  let agent: FakeAgent;
  let kernel: string;
  let rootfs: string;
  let vmId: string;

  async function image(kind: string, name: string): Promise<string> {
    const path = join(m.imageRoot, name);
    writeFileSync(path, name);
    return (
      await m.inject({ method: 'POST', url: '/v1/images', payload: { kind, name, host_path: path } })
    ).json().id;
  }

  beforeAll(async () => {
    m = await createTestManager(db);
    ({ agent } = await registerFakeHost(m.app));
    kernel = await image('kernel', 'k-res');
    rootfs = await image('rootfs', 'r-res');
    const res = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: {
        name: 'res-vm',
        vcpu: 1,
        mem_mib: 256,
        kernel_image_id: kernel,
        rootfs_image_id: rootfs,
        start: false,
      },
    });
    vmId = res.json().id;
  });
  afterAll(async () => {
    await m?.close();
    await agent?.close();
  });

  it('lists the root drive, adds a data volume drive, gets, updates and removes it', async () => {
    const list = (await m.inject({ method: 'GET', url: `/v1/vms/${vmId}/drives` })).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      drive_id: 'rootfs',
      is_root_device: true,
      image_id: rootfs,
      cache_type: 'Unsafe',
    });

    const vol = (
      await m.inject({
        method: 'POST',
        url: '/v1/images/volumes',
        payload: { name: 'data-vol', size_bytes: 4096 },
      })
    ).json();
    const created = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/drives`,
      payload: { drive_id: 'data-1', image_id: vol.id, is_root_device: false, is_read_only: false },
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({
      drive_id: 'data-1',
      vm_id: vmId,
      size_bytes: 4096,
      applied: 'live',
    });
    expect(agent.calls.at(-1)).toMatchObject({
      method: 'PUT',
      body: { drive_id: 'data-1', size_bytes: 4096 },
    });

    const dup = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/drives`,
      payload: { drive_id: 'data-1', size_bytes: 10 },
    });
    expect(dup.statusCode).toBe(400);

    const byKey = await m.inject({ method: 'GET', url: `/v1/vms/${vmId}/drives/data-1` });
    const byId = await m.inject({ method: 'GET', url: `/v1/vms/${vmId}/drives/${created.json().id}` });
    expect(byKey.json().item.id).toBe(created.json().id);
    expect(byId.json().item.drive_id).toBe('data-1');

    const limiter = { bandwidth: { size: 5000000, refill_time: 100 } };
    const patched = await m.inject({
      method: 'PATCH',
      url: `/v1/vms/${vmId}/drives/data-1`,
      payload: { rate_limiter: limiter },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ rate_limiter: limiter, applied: 'live' });

    const rootDel = await m.inject({ method: 'DELETE', url: `/v1/vms/${vmId}/drives/rootfs` });
    expect(rootDel.statusCode).toBe(400);
    expect(rootDel.json().error).toBe('Cannot delete root device');
    const del = await m.inject({ method: 'DELETE', url: `/v1/vms/${vmId}/drives/data-1` });
    expect(del.json()).toEqual({ ok: true, applied: 'live' });
    expect((await m.inject({ method: 'GET', url: `/v1/vms/${vmId}/drives/data-1` })).statusCode).toBe(404);
    expect((await m.inject({ method: 'GET', url: `/v1/vms/${MISSING}/drives` })).statusCode).toBe(404);
    const noSource = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/drives`,
      payload: { drive_id: 'empty' },
    });
    expect(noSource.statusCode).toBe(400);
  });

  it('manages NICs: default eth0, add with MAC, bad MAC 400, TAP conflict, rate limits, delete', async () => {
    const list = (await m.inject({ method: 'GET', url: `/v1/vms/${vmId}/nics` })).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ iface_id: 'eth0', guest_mac: expect.stringMatching(/^aa:fc:/) });
    expect(list[0].host_dev_name).toMatch(/^fc-/);

    const bad = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/nics`,
      payload: { iface_id: 'eth1', guest_mac: 'zz' },
    });
    expect(bad.statusCode).toBe(400);
    const created = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/nics`,
      payload: { iface_id: 'eth1', host_dev_name: 'tap7', guest_mac: 'AA:FC:00:00:00:07' },
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({
      iface_id: 'eth1',
      guest_mac: 'aa:fc:00:00:00:07',
      applied: 'live',
    });
    expect(
      (await m.inject({ method: 'POST', url: `/v1/vms/${vmId}/nics`, payload: { iface_id: 'eth1' } }))
        .statusCode,
    ).toBe(400);

    const other = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: {
        name: 'nic-other',
        vcpu: 1,
        mem_mib: 256,
        kernel_image_id: kernel,
        rootfs_image_id: rootfs,
        start: false,
      },
    });
    const conflict = await m.inject({
      method: 'POST',
      url: `/v1/vms/${other.json().id}/nics`,
      payload: { iface_id: 'eth1', host_dev_name: 'tap7' },
    });
    expect(conflict.statusCode).toBe(400);
    expect(conflict.json()).toMatchObject({
      error: 'Cannot create NIC',
      suggestion: "TAP device 'tap7' already in use",
    });

    const limiter = { bandwidth: { size: 1250000, refill_time: 100 } };
    const patched = await m.inject({
      method: 'PATCH',
      url: `/v1/vms/${vmId}/nics/eth1`,
      payload: { rx_rate_limiter: limiter, tx_rate_limiter: limiter },
    });
    expect(patched.json()).toMatchObject({ rx_rate_limiter: limiter, tx_rate_limiter: limiter });
    expect(
      (await m.inject({ method: 'DELETE', url: `/v1/vms/${vmId}/nics/${created.json().id}` })).json(),
    ).toMatchObject({ ok: true });
    expect((await m.inject({ method: 'GET', url: `/v1/vms/${vmId}/nics/eth1` })).statusCode).toBe(404);
  });

  it('snapshots a running VM (Full then Diff), instantiates a clone with a new MAC, deletes', async () => {
    const stopped = await m.inject({ method: 'POST', url: `/v1/vms/${vmId}/snapshots`, payload: {} });
    expect(stopped.statusCode).toBe(400);
    await m.inject({ method: 'POST', url: `/v1/vms/${vmId}/start`, payload: {} });

    const full = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/snapshots`,
      payload: { name: 'base', snapshot_type: 'Full' },
    });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json()).toEqual({ id: expect.any(String), name: 'base' });
    const dupe = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/snapshots`,
      payload: { name: 'base' },
    });
    expect(dupe.statusCode).toBe(409);
    expect(dupe.json().error).toBe('Snapshot ID already exists');
    const noParent = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/snapshots`,
      payload: { snapshot_type: 'Diff' },
    });
    expect(noParent.statusCode).toBe(400);
    const diff = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/snapshots`,
      payload: { name: 'incr', snapshot_type: 'Diff', parent_id: full.json().id, track_dirty_pages: true },
    });
    expect(diff.statusCode, diff.body).toBe(200);

    const list = (await m.inject({ method: 'GET', url: `/v1/vms/${vmId}/snapshots` })).json().items;
    expect(list.map((s: { name: string }) => s.name)).toEqual(['base', 'incr']);
    const item = (await m.inject({ method: 'GET', url: `/v1/snapshots/${diff.json().id}` })).json().item;
    expect(item).toMatchObject({
      snapshot_type: 'Diff',
      state: 'completed',
      parent_id: full.json().id,
      track_dirty_pages: true,
    });
    expect(item.snapshot_path).toMatch(/vmstate$/);

    const clone = await m.inject({
      method: 'POST',
      url: `/v1/snapshots/${full.json().id}/instantiate`,
      payload: { name: 'restored-vm-01' },
    });
    expect(clone.statusCode, clone.body).toBe(200);
    expect(clone.json()).toMatchObject({ name: 'restored-vm-01' });
    const src = (await m.inject({ method: 'GET', url: `/v1/vms/${vmId}` })).json().item;
    const vm = (await m.inject({ method: 'GET', url: `/v1/vms/${clone.json().id}` })).json().item;
    expect(vm).toMatchObject({
      state: 'running',
      source_snapshot_id: full.json().id,
      hostname: 'restored-vm-01',
    });
    expect(vm.guest_mac).not.toBe(src.guest_mac);

    const viaCreate = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: { name: 'from-snap', vcpu: 1, mem_mib: 256, source_snapshot_id: full.json().id },
    });
    expect(viaCreate.statusCode, viaCreate.body).toBe(200);

    const parentDel = await m.inject({ method: 'DELETE', url: `/v1/snapshots/${full.json().id}` });
    expect(parentDel.statusCode).toBe(409);
    expect((await m.inject({ method: 'DELETE', url: `/v1/snapshots/${diff.json().id}` })).json()).toEqual({
      ok: true,
    });
    expect(agent.vms.get(vmId)?.snapshots.has(diff.json().id)).toBe(false);
    expect((await m.inject({ method: 'GET', url: `/v1/snapshots/${diff.json().id}` })).statusCode).toBe(404);
    expect(
      (await m.inject({ method: 'POST', url: `/v1/snapshots/${MISSING}/instantiate`, payload: {} }))
        .statusCode,
    ).toBe(404);
  });

  it('reports a snapshot the agent fails as 502', async () => {
    agent.fail({ path: /\/snapshots$/, status: 500, message: 'No space left on device', times: 1 });
    const res = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/snapshots`,
      payload: { name: 'nospace' },
    });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ error: 'Snapshot creation failed' });
    expect(res.json().fault_message).toMatch(/No space left/);
  });

  it('creates, lists, gets, updates, instantiates and deletes templates', async () => {
    const spec = { vcpu: 1, mem_mib: 256, kernel_image_id: kernel, rootfs_image_id: rootfs };
    const res = await m.inject({
      method: 'POST',
      url: '/v1/templates',
      payload: { name: 'ubuntu-22.04-base', spec },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { id } = res.json();
    expect(
      (await m.inject({ method: 'POST', url: '/v1/templates', payload: { name: 'ubuntu-22.04-base', spec } }))
        .statusCode,
    ).toBe(400);
    const badImage = await m.inject({
      method: 'POST',
      url: '/v1/templates',
      payload: { name: 'bad-image', spec: { ...spec, kernel_image_id: MISSING } },
    });
    expect(badImage.statusCode).toBe(404);

    const list = (await m.inject({ method: 'GET', url: '/v1/templates' })).json().items;
    expect(list[0]).toMatchObject({
      name: 'ubuntu-22.04-base',
      spec: { ...spec, kernel_path: null, rootfs_path: null },
    });
    const updated = await m.inject({
      method: 'PATCH',
      url: `/v1/templates/${id}`,
      payload: { spec: { mem_mib: 512 } },
    });
    expect(updated.json().item.spec.mem_mib).toBe(512);

    const vm = await m.inject({
      method: 'POST',
      url: `/v1/templates/${id}/instantiate`,
      payload: { name: 'web-server-prod-01' },
    });
    expect(vm.statusCode, vm.body).toBe(200);
    const got = (await m.inject({ method: 'GET', url: `/v1/vms/${vm.json().id}` })).json().item;
    expect(got).toMatchObject({ template_id: id, mem_mib: 512, name: 'web-server-prod-01' });

    expect((await m.inject({ method: 'DELETE', url: `/v1/templates/${id}` })).json()).toEqual({ ok: true });
    expect((await m.inject({ method: 'GET', url: `/v1/templates/${id}` })).statusCode).toBe(404);
    expect(
      (await m.inject({ method: 'POST', url: `/v1/templates/${id}/instantiate`, payload: { name: 'x-y-z' } }))
        .statusCode,
    ).toBe(404);
  });
});
