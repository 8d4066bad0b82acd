// VM routes against both databases, with the fake agent standing in for a real host.
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

describeEachDatabase('VM routes', (db) => {
  let m: TestManager;
  let agent: FakeAgent;
  let kernel: string;
  let rootfs: string;

  async function image(kind: string, name: string): Promise<string> {
    const path = join(m.imageRoot, name);
    writeFileSync(path, `${kind}:${name}`);
    const res = await m.inject({
      method: 'POST',
      url: '/v1/images',
      payload: { kind, name, host_path: path },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id;
  }

  /** Stopped VMs (`start: false`) unless `extra` says otherwise; most cases drive the lifecycle. */
  async function createVm(name: string, extra: Record<string, unknown> = {}) {
    return m.inject({
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
  }

  const act = (id: string, action: string) =>
    m.inject({ method: 'POST', url: `/v1/vms/${id}/${action}`, payload: {} });

  beforeAll(async () => {
    m = await createTestManager(db);
    ({ agent } = await registerFakeHost(m.app));
    kernel = await image('kernel', 'vmlinux-test');
    rootfs = await image('rootfs', 'rootfs-test');
  });
  afterAll(async () => {
    await m?.close();
    await agent?.close();
  });

  it('creates a VM running by default: defined, then started on the agent', async () => {
    const res = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: {
        name: 'boots-at-once',
        vcpu: 1,
        mem_mib: 256,
        kernel_image_id: kernel,
        rootfs_image_id: rootfs,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { id } = res.json();
    expect(agent.vms.get(id)?.state).toBe('running');
    const item = (await m.inject({ method: 'GET', url: `/v1/vms/${id}` })).json().item;
    expect(item).toMatchObject({ state: 'running', desired_state: 'running' });
    expect((await m.inject({ method: 'DELETE', url: `/v1/vms/${id}` })).statusCode).toBe(200);
  });

  it('a create whose start fails answers 502 and leaves nothing, here or on the agent', async () => {
    agent.fail({ path: /\/start$/, status: 500, message: 'no tap', times: 1 });
    const res = await createVm('start-fails', { start: true });
    expect(res.statusCode).toBe(502);
    expect(res.json().fault_message).toMatch(/no tap/);
    const names = (await m.inject({ method: 'GET', url: '/v1/vms' }))
      .json()
      .items.map((v: { name: string }) => v.name);
    expect(names).not.toContain('start-fails');
    expect([...agent.vms.values()].map((v) => v.spec.name)).not.toContain('start-fails');
  });

  it('creates a VM from images with start: false: 200 {id}, defined on the agent, stopped', async () => {
    const res = await createVm('web-server-01');
    expect(res.statusCode, res.body).toBe(200);
    const { id } = res.json();
    expect(Object.keys(res.json())).toEqual(['id']);
    expect(agent.vms.get(id)?.spec).toMatchObject({ name: 'web-server-01', vcpu: 1, mem_mib: 256 });
    const got = await m.inject({ method: 'GET', url: `/v1/vms/${id}` });
    expect(got.json().item).toMatchObject({
      id,
      name: 'web-server-01',
      state: 'stopped',
      vcpu: 1,
      mem_mib: 256,
      kernel_image_id: kernel,
      rootfs_image_id: rootfs,
      host_addr: '127.0.0.1',
      template_id: null,
      source_snapshot_id: null,
    });
    expect(got.json().item.tap).toMatch(/^fc-/);
    expect(got.json().item.guest_mac).toMatch(/^aa:fc:/);
  });

  it('lists all VMs by default, and pages with limit/cursor', async () => {
    await createVm('page-a');
    await createVm('page-b');
    const all = (await m.inject({ method: 'GET', url: '/v1/vms' })).json();
    const names = all.items.map((v: { name: string }) => v.name);
    expect(names).toEqual(expect.arrayContaining(['web-server-01', 'page-a', 'page-b']));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      expect(++pages).toBeLessThan(20);
      const url: string = `/v1/vms?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await m.inject({ method: 'GET', url })).json();
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((v: { name: string }) => v.name));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(names);
  });

  it('runs the lifecycle: start, pause, resume, ctrl-alt-del, flush-metrics, stop', async () => {
    const { id } = (await createVm('life-cycle')).json();
    for (const [action, state] of [
      ['start', 'running'],
      ['pause', 'paused'],
      ['resume', 'running'],
      ['ctrl-alt-del', 'running'],
      ['flush-metrics', 'running'],
      ['stop', 'stopped'],
    ] as const) {
      const res = await act(id, action);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      expect(res.json()).toEqual({ ok: true });
      expect((await m.inject({ method: 'GET', url: `/v1/vms/${id}` })).json().item.state).toBe(state);
    }
    const metrics = (await m.inject({ method: 'GET', url: `/v1/vms/${id}/metrics` })).json();
    expect(metrics.items).toHaveLength(1);
    expect(metrics.items[0]).toMatchObject({ cpu_pct: 12.5, rss_bytes: 1048576 });
  });

  it('refuses actions in the wrong state with 400 and a suggestion', async () => {
    const { id } = (await createVm('wrong-state')).json();
    const cases: Array<[string, RegExp]> = [
      ['stop', /already stopped/],
      ['pause', /must be running/],
      ['resume', /must be paused/],
      ['ctrl-alt-del', /must be running/],
      ['flush-metrics', /must be running/],
    ];
    for (const [action, suggestion] of cases) {
      const res = await act(id, action);
      expect(res.statusCode, action).toBe(400);
      expect(res.json().suggestion).toMatch(suggestion);
      expect(res.json().fault_message).toMatch(/VM state is 'stopped'/);
    }
    await act(id, 'start');
    const again = await act(id, 'start');
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: 'Cannot perform action', suggestion: 'VM already running' });
  });

  it('says "wait and retry" for a VM in a transitional state', async () => {
    const { id } = (await createVm('in-transit')).json();
    await m.app.manager.services.vms.setState(
      await m.app.manager.db.selectFrom('vms').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      { state: 'starting' },
    );
    const res = await act(id, 'start');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'Cannot perform action',
      suggestion: 'VM is currently transitioning. Wait and retry.',
      fault_message: "VM state is 'starting', expected 'stopped' or 'error'",
    });
  });

  it('rejects a duplicate name with 400, and concurrent duplicates with exactly one 409', async () => {
    const dup = await createVm('web-server-01');
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error).toMatch(/already exists/);
    const results = await Promise.all([createVm('race-name'), createVm('race-name'), createVm('race-name')]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    for (const r of results.filter((r) => r.statusCode !== 200)) {
      expect([400, 409]).toContain(r.statusCode);
    }
  });

  it('returns 404 for a missing image or VM, and 400 for raw paths unless allowed', async () => {
    const noImage = await createVm('no-image', { kernel_image_id: MISSING });
    expect(noImage.statusCode).toBe(404);
    expect(noImage.json().error).toBe('Image not found');
    const noVm = await m.inject({ method: 'GET', url: `/v1/vms/${MISSING}` });
    expect(noVm.statusCode).toBe(404);
    expect(noVm.json()).toMatchObject({ error: 'VM not found', suggestion: 'Check the VM ID and try again' });
    expect(noVm.json().fault_message).toBe(`VM with ID '${MISSING}' does not exist`);
    for (const action of ['start', 'stop', 'pause', 'resume', 'ctrl-alt-del', 'flush-metrics']) {
      expect((await act(MISSING, action)).statusCode).toBe(404);
    }
    const raw = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: { name: 'raw-paths', vcpu: 1, mem_mib: 256, kernel_path: '/k', rootfs_path: '/r' },
    });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().suggestion).toMatch(/MANAGER_ALLOW_IMAGE_PATHS=1/);
  });

  it('prefers the image id when both an image id and a raw path are given', async () => {
    const res = await createVm('both-given', { kernel_path: '/ignored/kernel' });
    expect(res.statusCode, res.body).toBe(200);
    const vm = (await m.inject({ method: 'GET', url: `/v1/vms/${res.json().id}` })).json().item;
    expect(vm.kernel_image_id).toBe(kernel);
    expect(vm.kernel_path).not.toBe('/ignored/kernel');
  });

  it('answers 503 when no host has capacity', async () => {
    const res = await createVm('too-big', { mem_mib: 1024 * 1024 });
    expect(res.statusCode).toBe(503);
    expect(res.json().suggestion).toMatch(/capacity/);
  });

  it('answers 502 when the agent fails, leaving no half-made VM behind', async () => {
    agent.fail({ method: 'PUT', path: /^\/v1\/vms\/[^/]+$/, status: 500, message: 'disk full', times: 1 });
    const res = await createVm('agent-broke');
    expect(res.statusCode).toBe(502);
    expect(res.json().fault_message).toMatch(/disk full/);
    const names = (await m.inject({ method: 'GET', url: '/v1/vms' }))
      .json()
      .items.map((v: { name: string }) => v.name);
    expect(names).not.toContain('agent-broke');
    expect((await createVm('agent-broke')).statusCode).toBe(200);

    const { id } = (await createVm('start-broke')).json();
    agent.fail({ path: /\/start$/, status: 500, times: 1 });
    expect((await act(id, 'start')).statusCode).toBe(502);
    expect((await m.inject({ method: 'GET', url: `/v1/vms/${id}` })).json().item.state).toBe('stopped');
  });

  it('deletes a running VM (the agent stops it first); a second delete is 404', async () => {
    const { id } = (await createVm('to-delete')).json();
    await act(id, 'start');
    const del = await m.inject({ method: 'DELETE', url: `/v1/vms/${id}` });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ ok: true });
    expect(agent.vms.has(id)).toBe(false);
    expect((await m.inject({ method: 'DELETE', url: `/v1/vms/${id}` })).statusCode).toBe(404);
    expect((await m.inject({ method: 'GET', url: `/v1/vms/${id}` })).statusCode).toBe(404);
  });
});
