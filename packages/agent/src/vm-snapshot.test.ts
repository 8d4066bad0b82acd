// Snapshot a real guest and restore it as a clone beside it: same memory and disk, its own disk, IP, MAC and hostname.
import { existsSync } from 'node:fs';
import { createNetns, type TestNetns } from '@nqvm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH,
  type ConsoleClient,
  createTestHost,
  listen,
  openConsole,
  type TestHost,
  waitFor,
  waitForBoot,
} from './agent.test-support.js';
import type { Agent } from './agent-app.js';

describe('snapshots restored as clones', () => {
  let host: TestHost;
  let ns: TestNetns;
  let agent: Agent;
  const consoles: ConsoleClient[] = [];
  beforeAll(async () => {
    host = await createTestHost();
    ns = await createNetns();
    agent = await host.agent({ netns: ns.name });
  });
  afterAll(async () => {
    for (const c of consoles) c.disconnect();
    await host?.cleanup();
    await ns?.destroy();
  });

  const api = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
    agent.app.inject({
      method,
      url,
      headers: AUTH,
      payload: payload ?? (method === 'POST' ? {} : undefined),
    });
  const ping = (ip: string) => ns.exec('ping', ['-c', '1', '-W', '1', ip]);
  const neighbourMac = async (ip: string) =>
    /lladdr (\S+)/.exec((await ns.exec('ip', ['neigh', 'show', ip])).stdout)?.[1];
  const open = async (id: string) => {
    const con = await openConsole(await listen(agent), id);
    consoles.push(con);
    return con;
  };

  it('keeps memory and disk state, gives the clone its own disk and identity, and both answer at their own address', async () => {
    // 1. The source: a shell variable (memory) and a file (disk).
    const spec = (name: string) => host.spec({ name, hostname: name, nics: [{ iface_id: 'eth0' }] });
    const src = (await api('PUT', '/v1/vms/src', { ...spec('source'), start: true })).json().item;
    expect(src.state).toBe('running');
    await waitForBoot(src.console_log);
    const con = await open('src');
    await con.check('export KEPT=in-memory-42; echo before-snapshot > /root/state && sync');

    // 2. Snapshot with disk copies; the source keeps running; the id cannot be reused.
    const snap = await api('POST', '/v1/vms/src/snapshots', { snapshot_id: 's1', snapshot_type: 'Full' });
    expect(snap.statusCode).toBe(200);
    const item = snap.json().item;
    expect(item).toMatchObject({ snapshot_id: 's1', size_bytes: expect.any(Number) });
    expect(item.disks.map((d: { drive_id: string }) => d.drive_id)).toEqual(['rootfs']);
    expect((await api('GET', '/v1/vms/src')).json().item.state).toBe('running');
    const dup = await api('POST', '/v1/vms/src/snapshots', { snapshot_id: 's1', snapshot_type: 'Full' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('AGT_ERR_SNAPSHOT_EXISTS');

    // 3. The source moves on after the snapshot.
    await con.check('echo after-snapshot > /root/state && sync');

    // 4. Restore as a new VM on the same bridge: its own TAP, MAC and address.
    const restored = await api('POST', '/v1/vms/clone/restore', {
      source_vm_id: 'src',
      snapshot_id: 's1',
      spec: spec('clone'),
    });
    expect(restored.statusCode).toBe(200);
    const clone = restored.json().item;
    expect(clone).toMatchObject({ id: 'clone', state: 'running' });
    const [srcNic] = src.nics;
    const [cloneNic] = clone.nics;
    expect(cloneNic.ip).not.toBe(srcNic.ip);
    expect(cloneNic.mac).not.toBe(srcNic.mac);
    expect(cloneNic.tap).not.toBe(srcNic.tap);

    // 5. The clone resumes with the snapshot's memory and disk.
    const ccon = await open('clone');
    expect(await ccon.check('echo $KEPT')).toBe('in-memory-42');
    expect(await ccon.check('cat /root/state')).toBe('before-snapshot');

    // 6. It takes its own identity from MMDS (the source's was in its memory).
    await waitFor(
      'the clone to take its hostname from MMDS',
      async () => (await ccon.check('hostname')) === 'clone',
    );
    const addr = await waitFor('the clone to take its address from MMDS', async () => {
      const shown = await ccon.check('ip -4 addr show dev eth0');
      return shown.includes(`inet ${cloneNic.ip}/24`) ? shown : undefined;
    });
    expect(addr).not.toContain(`inet ${srcNic.ip}/`);
    expect(await ccon.check('cat /sys/class/net/eth0/address')).toBe(cloneNic.mac);
    expect(await ccon.check('ip route show default')).toContain('via 172.31.0.1');
    expect(await con.check('hostname')).toBe('source');

    // 7. Both answer pings, each at its own address with its own MAC.
    await waitFor('the clone to answer ping', async () => (await ping(cloneNic.ip)).code === 0);
    await waitFor('the source to answer ping', async () => (await ping(srcNic.ip)).code === 0);
    expect(await neighbourMac(cloneNic.ip)).toBe(cloneNic.mac);
    expect(await neighbourMac(srcNic.ip)).toBe(srcNic.mac);

    // 8. The clone's writes stay in the clone.
    await ccon.check('echo clone-was-here > /root/state && sync');
    expect(await con.check('cat /root/state')).toBe('after-snapshot');
    expect(await ccon.check('cat /root/state')).toBe('clone-was-here');

    // 9. The snapshot can be deleted without touching the clone.
    expect((await api('DELETE', '/v1/vms/src/snapshots/s1')).json()).toEqual({ ok: true });
    expect(existsSync(item.dir)).toBe(false);
    expect((await api('GET', '/v1/vms/clone')).json().item.state).toBe('running');
    expect(await ccon.check('echo $KEPT')).toBe('in-memory-42');
  });
});
