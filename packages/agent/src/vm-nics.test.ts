// Two NICs on a real guest: the guest addresses both itself from MMDS (matched by MAC), and a clone re-addresses both.
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

interface Nic {
  iface_id: string;
  mac: string;
  ip: string;
  tap: string;
}

describe('a guest with two NICs', () => {
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

  const api = (method: 'PUT' | 'POST', url: string, payload: object) =>
    agent.app.inject({ method, url, headers: AUTH, payload });
  const open = async (id: string) => {
    const con = await openConsole(await listen(agent), id);
    consoles.push(con);
    return con;
  };
  const ping = (ip: string) => ns.exec('ping', ['-c', '1', '-W', '2', ip]);
  const neighbourMac = async (ip: string) =>
    /lladdr (\S+)/.exec((await ns.exec('ip', ['neigh', 'show', ip])).stdout)?.[1];
  /** Which guest interface has this MAC, and its IPv4 address with prefix. */
  const guestIface = async (con: ConsoleClient, mac: string) => {
    const dev = await con.check(`grep -l '^${mac}$' /sys/class/net/*/address | cut -d/ -f5`);
    const inet = await con.check(`ip -4 -o addr show dev ${dev} | awk '{print $4}'`);
    return { dev, inet };
  };
  /** Every NIC answers at its own address with its own MAC (each ARP answered by its own interface). */
  const expectReachable = async (nics: Nic[]) => {
    for (const nic of nics) {
      await waitFor(`the host to ping ${nic.ip}`, async () => (await ping(nic.ip)).code === 0);
      expect(await neighbourMac(nic.ip)).toBe(nic.mac);
    }
  };

  it('configures every NIC with its allocated address, matched by MAC, at boot and in a clone', async () => {
    // 1. Two NICs on the agent's bridge, each with its own MAC and address.
    const spec = (name: string) =>
      host.spec({ name, hostname: name, nics: [{ iface_id: 'eth0' }, { iface_id: 'eth1' }] });
    const created = await api('PUT', '/v1/vms/two', { ...spec('two'), start: true });
    expect(created.statusCode).toBe(200);
    const vm = created.json().item;
    const nics: Nic[] = vm.nics;
    expect(nics.map((n) => n.iface_id).sort()).toEqual(['eth0', 'eth1']);
    expect(new Set(nics.map((n) => n.ip)).size).toBe(2);

    // 2. As soon as the shell is ready, each interface has its NIC's address; only the first
    //    (MMDS) NIC carries the default route.
    await waitForBoot(vm.console_log);
    const con = await open('two');
    for (const nic of nics) {
      const iface = await guestIface(con, nic.mac);
      expect(iface.dev).toMatch(/^eth[01]$/);
      expect(iface.inet).toBe(`${nic.ip}/24`);
    }
    const first = nics[0] as Nic;
    const defaults = (await con.check('ip route | grep ^default')).trim();
    expect(defaults).toBe(`default via 172.31.0.1 dev ${(await guestIface(con, first.mac)).dev}`);
    await expectReachable(nics);

    // 3. A clone of it: its interfaces still carry the source's MACs; it takes its own MAC and
    //    address on each from MMDS, finding each NIC by the iface_id it configured before.
    const snap = await api('POST', '/v1/vms/two/snapshots', { snapshot_id: 's1', snapshot_type: 'Full' });
    expect(snap.statusCode).toBe(200);
    const restored = await api('POST', '/v1/vms/twin/restore', {
      source_vm_id: 'two',
      snapshot_id: 's1',
      spec: spec('twin'),
    });
    expect(restored.statusCode).toBe(200);
    const cloneNics: Nic[] = restored.json().item.nics;
    const ccon = await open('twin');
    for (const nic of cloneNics) {
      const source = nics.find((n) => n.iface_id === nic.iface_id) as Nic;
      expect(nic.mac).not.toBe(source.mac);
      const iface = await waitFor(`the clone's ${nic.iface_id} to take its MAC from MMDS`, async () => {
        const found = await guestIface(ccon, nic.mac);
        return found.dev ? found : undefined;
      });
      expect(iface.dev).toBe((await guestIface(con, source.mac)).dev);
      await waitFor(`the clone's ${nic.iface_id} to take ${nic.ip}`, async () =>
        (await guestIface(ccon, nic.mac)).inet === `${nic.ip}/24` ? true : undefined,
      );
    }
    await expectReachable([...nics, ...cloneNics]);
  });
});
