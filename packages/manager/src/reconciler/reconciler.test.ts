// The reconciler converges DB and agent state: orphans, lost definitions, deletes, lost hosts, backoff.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeAgent } from '../testing/fake-agent.js';
import {
  createTestManager,
  describeEachDatabase,
  heartbeat,
  registerFakeHost,
  type TestManager,
} from '../testing/test-manager.js';

describeEachDatabase('reconciler', (db) => {
  let m: TestManager;
  let agent: FakeAgent;
  let hostId: string;
  let clock = new Date('2030-01-01T00:00:00Z');
  const ids: string[] = [];

  const reconcile = () => m.app.manager.services.reconciler.reconcileOnce({ ignoreBackoff: true });
  const getVm = async (id: string) => (await m.inject({ method: 'GET', url: `/v1/vms/${id}` })).json().item;

  async function createVm(name: string): Promise<string> {
    const res = await m.inject({
      method: 'POST',
      url: '/v1/vms',
      payload: {
        name,
        vcpu: 1,
        mem_mib: 256,
        kernel_image_id: ids[0],
        rootfs_image_id: ids[1],
        start: false,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().id;
  }

  beforeAll(async () => {
    m = await createTestManager(db, { now: () => clock, hostTimeoutMs: 30_000 });
    ({ agent, hostId } = await registerFakeHost(m.app));
    for (const [kind, name] of [
      ['kernel', 'k-rec'],
      ['rootfs', 'r-rec'],
    ] as const) {
      const path = join(m.imageRoot, name);
      writeFileSync(path, name);
      ids.push(
        (
          await m.inject({ method: 'POST', url: '/v1/images', payload: { kind, name, host_path: path } })
        ).json().id,
      );
    }
  });
  afterAll(async () => {
    await m?.close();
    await agent?.close();
  });

  it('does nothing when database and agent agree, and is idempotent', async () => {
    await createVm('steady');
    expect((await reconcile())[0]?.actions).toEqual([]);
    expect((await reconcile())[0]?.actions).toEqual([]);
  });

  it('removes an orphan the agent runs but the database does not know', async () => {
    const orphan = '11111111-1111-4111-8111-111111111111';
    agent.vms.set(orphan, {
      id: orphan,
      state: 'running',
      spec: { name: 'ghost', vcpu: 1, mem_mib: 256, kernel: { path: '/k' }, rootfs: { path: '/r' } },
      snapshots: new Set(),
    });
    expect((await reconcile())[0]?.actions).toEqual([`removed orphan ${orphan}`]);
    expect(agent.vms.has(orphan)).toBe(false);
  });

  it('re-defines and restarts a VM the host lost, once, without duplicates', async () => {
    const id = await createVm('lost-def');
    await m.inject({ method: 'POST', url: `/v1/vms/${id}/start`, payload: {} });
    agent.vms.delete(id);
    expect((await reconcile())[0]?.actions).toEqual([`defined ${id}`, `started ${id}`]);
    expect(agent.vms.get(id)?.state).toBe('running');
    expect((await reconcile())[0]?.actions).toEqual([]);
    expect([...agent.vms.keys()].filter((k) => k === id)).toHaveLength(1);
  });

  it('adopts what the agent observes: a guest that powered off stays off', async () => {
    const id = (await m.inject({ method: 'GET', url: '/v1/vms' }))
      .json()
      .items.find((v: { name: string }) => v.name === 'lost-def').id;
    const seen = agent.vms.get(id);
    if (seen) seen.state = 'stopped';
    await reconcile();
    expect(await getVm(id)).toMatchObject({ state: 'stopped', desired_state: 'stopped' });
  });

  it('finishes a delete that the agent could not do at the time', async () => {
    const id = await createVm('half-deleted');
    agent.fail({ method: 'DELETE', path: /^\/v1\/vms\/[^/]+$/, status: 503, times: 1 });
    expect((await m.inject({ method: 'DELETE', url: `/v1/vms/${id}` })).statusCode).toBe(502);
    expect(agent.vms.has(id)).toBe(true);
    expect((await reconcile())[0]?.actions).toContain(`deleted ${id}`);
    expect(agent.vms.has(id)).toBe(false);
  });

  it('backs off after an agent error and retries later', async () => {
    agent.fail({ method: 'GET', path: /^\/v1\/vms$/, status: 500, times: 1 });
    const [failed] = await m.app.manager.services.reconciler.reconcileOnce();
    expect(failed?.error).toMatch(/500|injected/);
    expect(m.app.manager.services.reconciler.backoffOf(hostId)?.failures).toBe(1);
    // Still inside the backoff window: the host is skipped.
    expect(await m.app.manager.services.reconciler.reconcileOnce()).toEqual([]);
    clock = new Date(clock.getTime() + 2_000);
    const [retried] = await m.app.manager.services.reconciler.reconcileOnce();
    expect(retried?.error).toBeUndefined();
    expect(m.app.manager.services.reconciler.backoffOf(hostId)).toBeUndefined();
  });

  it('marks the VMs of a host that stopped sending heartbeats, and recovers when it returns', async () => {
    const id = await createVm('on-lost-host');
    clock = new Date(clock.getTime() + 60_000);
    expect((await reconcile())[0]?.actions).toContain(`lost ${id}`);
    expect((await getVm(id)).state).toBe('unknown');
    expect((await m.inject({ method: 'GET', url: '/v1/hosts' })).json().items[0].status).toBe('offline');
    await heartbeat(m.app, agent, hostId);
    await reconcile();
    expect((await getVm(id)).state).toBe('stopped');
  });
});
