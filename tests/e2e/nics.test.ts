// A second NIC through the manager on a real guest: its MAC and the address the guest gives it itself, live rx/tx limits, removal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShell, type Shell } from './support/shell.js';
import { type Stack, startStack } from './support/stack.js';
import { hostTraces, waitForOnlyAgent, waitForVmState } from './support/vms.js';
import { waitFor } from './support/wait.js';

/** 2 KB per second each way: a few 1.4 KB pings are enough to make the limiter hold packets back. */
const LIMIT = { bandwidth: { size: 2000, refill_time: 1000 } };

describe('NICs through the manager on a real guest', () => {
  let stack: Stack;
  let shell: Shell | undefined;
  beforeAll(async () => {
    stack = await startStack({ hosts: 1, database: 'pglite' });
  });
  afterAll(async () => {
    shell?.disconnect();
    await stack?.stop();
  });

  it('adds eth1 before start (MAC and address on the bridge), limits it live, and removes it', async () => {
    const { client } = stack;
    const [host] = stack.hosts;
    if (!host) throw new Error('no host');
    const ns = host.netns;
    const ping = (ip: string, extra: string[] = []) => ns.exec('ping', ['-c', '1', '-W', '2', ...extra, ip]);

    // 1. A stopped VM gets a second NIC: the agent makes its TAP and allocates its address now.
    const { id } = await client.vms.create({ name: 'nics-vm', vcpu: 1, mem_mib: 256, start: false });
    const eth1 = await client.nics.create(id, { iface_id: 'eth1' });
    expect(eth1).toMatchObject({ iface_id: 'eth1', applied: 'next_start', rx_rate_limiter: null });
    expect(eth1.guest_mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(eth1.host_dev_name).toMatch(/^nqt/);
    expect(eth1.guest_ip).toMatch(new RegExp(`^${host.subnet.replace(/\./g, '\\.')}\\.\\d+$`));
    await expect(client.nics.create(id, { iface_id: 'eth1' })).rejects.toMatchObject({
      status: 400,
      code: 'MVM_ERR_NIC_EXISTS',
    });
    const nics = await client.nics.list(id);
    expect(nics.map((n) => n.iface_id).sort()).toEqual(['eth0', 'eth1']);
    const eth0 = nics.find((n) => n.iface_id === 'eth0');
    if (!eth0?.guest_ip || !eth1.guest_ip || !eth1.host_dev_name)
      throw new Error('NIC addresses not recorded');
    expect(eth1.guest_ip).not.toBe(eth0.guest_ip);
    expect(eth1.guest_mac).not.toBe(eth0.guest_mac);

    // 2. Boot: the guest has both interfaces with the allocated MACs, and has given each its
    //    allocated address itself (eth0 from the command line, eth1 from MMDS, found by its MAC)
    //    by the time its shell is ready; each answers ARP only for its own address, so the host
    //    learns eth1's own MAC.
    await client.vms.start(id);
    shell = await openShell(client, id);
    await shell.waitForBoot(1);
    expect(await shell.check('ls /sys/class/net | grep ^eth')).toBe('eth0\neth1');
    expect(await shell.check('cat /sys/class/net/eth0/address')).toBe(eth0.guest_mac);
    expect(await shell.check('cat /sys/class/net/eth1/address')).toBe(eth1.guest_mac);
    expect(await shell.check('ip -4 -o addr show dev eth0')).toContain(` ${eth0.guest_ip}/24 `);
    expect(await shell.check('ip -4 -o addr show dev eth1')).toContain(` ${eth1.guest_ip}/24 `);
    expect(await shell.check('cat /proc/sys/net/ipv4/conf/all/arp_ignore')).toBe('1');
    expect((await ns.exec('ip', ['-o', 'link', 'show', 'dev', eth1.host_dev_name])).stdout).toContain(
      'master br0',
    );

    // 3. The host reaches both addresses from its namespace, eth1's through eth1's MAC.
    for (const ip of [eth0.guest_ip, eth1.guest_ip]) {
      await waitFor(`the host to ping ${ip}`, async () => (await ping(ip)).code === 0, { timeoutMs: 60_000 });
    }
    expect((await ns.exec('ip', ['neigh', 'show', eth1.guest_ip])).stdout).toContain(
      `lladdr ${eth1.guest_mac}`,
    );

    // 4. Live rx/tx limits: recorded, and holding packets back in the VMM (its own throttle
    //    counters, read through the manager's metrics, stay at zero for the same traffic unlimited).
    const traffic = async () => {
      await ns.exec('ping', ['-c', '4', '-i', '0.2', '-s', '1400', '-W', '5', eth1.guest_ip as string]);
      await shell?.run(`ping -I eth1 -c 4 -i 0.2 -s 1400 -W 5 ${host.subnet}.1 >/dev/null 2>&1`, {
        timeoutMs: 60_000,
      });
    };
    const throttleCounters = async () => {
      await client.vms.flushMetrics(id);
      const samples = await client.vms.metrics(id);
      const newest = samples.reduce((a, b) => (a.ts >= b.ts ? a : b));
      const net = (newest.data as { firecracker?: Record<string, Record<string, number>> }).firecracker
        ?.net_eth1;
      return { rx: net?.rx_rate_limiter_throttled ?? 0, tx: net?.tx_rate_limiter_throttled ?? 0 };
    };
    await traffic();
    expect(await throttleCounters()).toEqual({ rx: 0, tx: 0 });
    const limited = await client.nics.update(id, 'eth1', { rx_rate_limiter: LIMIT, tx_rate_limiter: LIMIT });
    expect(limited).toMatchObject({ rx_rate_limiter: LIMIT, tx_rate_limiter: LIMIT, applied: 'live' });
    expect(await client.nics.get(id, 'eth1')).toMatchObject({
      rx_rate_limiter: LIMIT,
      tx_rate_limiter: LIMIT,
    });
    const vm = await client.vms.get(id);
    await traffic();
    const counters = await throttleCounters();
    expect(counters.rx).toBeGreaterThan(0);
    expect(counters.tx).toBeGreaterThan(0);
    // eth0 was not touched: it still answers at once.
    expect((await ping(eth0.guest_ip)).code).toBe(0);

    // 5. Remove eth1 while running: gone from the API now; no hot-unplug, so its TAP goes when the
    //    VMM stops.
    expect(await client.nics.delete(id, 'eth1')).toEqual({ ok: true, applied: 'next_start' });
    expect((await client.nics.list(id)).map((n) => n.iface_id)).toEqual(['eth0']);
    await expect(client.nics.get(id, 'eth1')).rejects.toMatchObject({
      status: 404,
      code: 'MVM_ERR_NIC_NOT_FOUND',
    });
    shell.disconnect();
    shell = undefined;
    await client.vms.stop(id);
    await waitForVmState(client, id, 'stopped');
    await waitFor('eth1’s TAP to be removed', async () =>
      (await ns.exec('ip', ['link', 'show', 'dev', eth1.host_dev_name as string])).code !== 0
        ? true
        : undefined,
    );

    // 6. Delete: nothing of the VM is left on the host.
    await client.vms.delete(id);
    expect(await hostTraces(host, id, vm.tap)).toEqual({ dir: false, tap: false, processes: [] });
    await waitForOnlyAgent(host);
  });
});
