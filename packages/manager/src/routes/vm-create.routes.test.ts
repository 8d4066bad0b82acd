// What a create must still guarantee now that it writes in one statement and overlaps the agent call:
// all rows or none, events in order, the agent's spec equal to one read back, the shell's one-read lookup.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRepositories } from '../services/context.js';
import { buildAgentSpec } from '../services/vm-spec.js';
import type { FakeAgent } from '../testing/fake-agent.js';
import {
  ADMIN_TOKEN,
  createTestManager,
  describeEachDatabase,
  registerFakeHost,
  type TestManager,
} from '../testing/test-manager.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

/** A manifest like `nqvm images prepare` writes, so creates that name no image use the defaults. */
function dataDirWithDefaults(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'nqvm-create-'));
  const dir = join(dataDir, 'images');
  mkdirSync(dir, { recursive: true });
  const items = (['kernel', 'initrd', 'rootfs'] as const).map((kind) => {
    writeFileSync(join(dir, kind), kind);
    return { kind, name: `default-${kind}`, path: kind, sha256: kind[0]?.repeat(64), size: kind.length };
  });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ items }));
  return dataDir;
}

describeEachDatabase('VM create', (db) => {
  let m: TestManager;
  let agent: FakeAgent;
  let dataDir: string;

  const create = (name: string, extra: Record<string, unknown> = {}) =>
    m.inject({ method: 'POST', url: '/v1/vms', payload: { name, vcpu: 1, mem_mib: 256, ...extra } });

  async function rowsOf(name: string) {
    const d = m.app.manager.db;
    const vm = await d.selectFrom('vms').selectAll().where('name', '=', name).executeTakeFirst();
    const byVm = async (table: 'drives' | 'nics') =>
      vm ? await d.selectFrom(table).selectAll().where('vm_id', '=', vm.id).execute() : [];
    return { vm, drives: await byVm('drives'), nics: await byVm('nics') };
  }

  async function eventsOf(id: string) {
    const rows = await m.app.manager.db
      .selectFrom('events')
      .selectAll()
      .where('resource_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map((e) => `${e.kind}${e.data.to ? `:${e.data.to}` : ''}`);
  }

  beforeAll(async () => {
    dataDir = dataDirWithDefaults();
    m = await createTestManager(db, { dataDir });
    ({ agent } = await registerFakeHost(m.app));
  });
  afterAll(async () => {
    await m?.close();
    await agent?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('1. writes the VM, its root drive and eth0 together, then records what the agent reported', async () => {
    const res = await create('all-rows');
    expect(res.statusCode, res.body).toBe(200);
    const { id } = res.json();
    const { vm, drives, nics } = await rowsOf('all-rows');
    expect(vm).toMatchObject({ id, state: 'running', desired_state: 'running' });
    expect(drives.map((d) => [d.drive_id, d.is_root_device, d.image_id])).toEqual([
      ['rootfs', true, vm?.rootfs_image_id],
    ]);
    const tap = agent.vms.get(id)?.nics?.[0];
    expect(nics.map((n) => [n.iface_id, n.guest_mac, n.host_dev_name, n.guest_ip])).toEqual([
      ['eth0', vm?.guest_mac, tap?.tap, tap?.ip],
    ]);
    expect(await eventsOf(id)).toEqual(['vm.created', 'vm.state:running']);
  });

  it('2. sends the agent the same spec a read of the rows gives (defaults: kernel, initrd, rootfs)', async () => {
    const { id } = (await create('same-spec')).json();
    const sent = agent.calls.filter((c) => c.method === 'PUT' && c.path === `/v1/vms/${id}`);
    expect(sent).toHaveLength(1);
    const vm = (await rowsOf('same-spec')).vm;
    if (!vm) throw new Error('no row');
    const readBack = await buildAgentSpec(createRepositories(m.app.manager.db), vm);
    expect(readBack.initrd).toMatchObject({ sha256: 'i'.repeat(64) });
    expect(sent[0]?.body).toEqual({ ...readBack, start: true });
  });

  it('3. a create whose agent call fails leaves no VM, drive or NIC row, and says so in order', async () => {
    agent.fail({ method: 'PUT', path: /^\/v1\/vms\/[^/]+$/, status: 500, message: 'disk full', times: 1 });
    const res = await create('leaves-nothing');
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ code: 'MVM_ERR_AGENT_FAILED', fault_message: 'disk full' });
    const rows = await rowsOf('leaves-nothing');
    expect(rows).toEqual({ vm: undefined, drives: [], nics: [] });
    const id = agent.calls
      .findLast((c) => c.method === 'PUT')
      ?.path.split('/')
      .pop() as string;
    expect(await m.app.manager.db.selectFrom('drives').where('vm_id', '=', id).selectAll().execute()).toEqual(
      [],
    );
    expect(await eventsOf(id)).toEqual(['vm.created', 'vm.deleted']);
    expect((await create('leaves-nothing')).statusCode).toBe(200);
  });

  it('4. checks the name first: a taken name is refused as such even when nothing else would fit', async () => {
    expect((await create('taken')).statusCode).toBe(200);
    const res = await create('taken', { mem_mib: 1024 * 1024 });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('MVM_ERR_VM_NAME_EXISTS');
    expect((await create('too-big', { mem_mib: 1024 * 1024 })).json().code).toBe('MVM_ERR_NO_HOST_CAPACITY');
  });

  it('5. places by what the host already runs: a full host refuses the next VM', async () => {
    // The fake host has 4096 MiB; VMs so far and these fill it (creating and running both count).
    const free = async () => {
      const used = await m.app.manager.db
        .selectFrom('vms')
        .select((eb) => eb.fn.sum<number>('mem_mib').as('mem'))
        .executeTakeFirstOrThrow();
      return 4096 - Number(used.mem ?? 0);
    };
    expect((await create('fills-host', { mem_mib: await free() })).statusCode).toBe(200);
    const res = await create('one-too-many', { mem_mib: 256 });
    expect(res.json().code).toBe('MVM_ERR_NO_HOST_CAPACITY');
    await m.inject({ method: 'DELETE', url: `/v1/vms/${(await rowsOf('fills-host')).vm?.id}` });
    expect((await create('fits-again', { mem_mib: 256 })).statusCode).toBe(200);
  });

  it('6. the shell of a VM that does not exist says so on the socket and closes', async () => {
    await m.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = m.app.server.address() as AddressInfo;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/vms/${MISSING}/shell/ws`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const messages: string[] = [];
    ws.on('message', (raw) => messages.push(String(raw)));
    const code = await new Promise<number>((resolve) => ws.on('close', resolve));
    expect(code).toBe(1011);
    expect(JSON.parse(messages[0] ?? '{}')).toMatchObject({
      type: 'error',
      data: expect.stringMatching(/not found/),
    });
  });
});
