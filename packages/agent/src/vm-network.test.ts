// Guest networking inside a test-made network namespace: bridge, TAPs, addresses, kernel ip=, cleanup.
import { existsSync } from 'node:fs';
import { createFirecrackerClient } from '@nqvm/fc-api';
import { createNetns, type TestNetns } from '@nqvm/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH, createTestHost, type TestHost } from './agent.test-support.js';
import type { Agent } from './agent-app.js';

describe('VM networking in a network namespace', () => {
  let host: TestHost;
  let ns: TestNetns;
  let agent: Agent;
  beforeEach(async () => {
    host = await createTestHost();
    ns = await createNetns();
    agent = await host.agent({ netns: ns.name });
  });
  afterEach(async () => {
    await host.cleanup();
    await ns.destroy();
  });

  const api = (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    agent.app.inject({ method, url, headers: AUTH, payload });
  const link = async (name: string) => await ns.exec('ip', ['-o', 'link', 'show', 'dev', name]);

  it('puts each NIC on a TAP on the bridge with its own address, passes it to the guest, and removes it', async () => {
    // 1. Two VMs with a NIC each: distinct addresses in the subnet, deterministic TAP/MAC.
    const a = (
      await api(
        'PUT',
        '/v1/vms/vma',
        host.spec({ start: true, hostname: 'alpha', nics: [{ iface_id: 'eth0' }] }),
      )
    ).json().item;
    const b = (
      await api('PUT', '/v1/vms/vmb', host.spec({ start: true, nics: [{ iface_id: 'eth0' }] }))
    ).json().item;
    expect(a.state).toBe('running');
    const [nicA] = a.nics;
    const [nicB] = b.nics;
    expect(nicA.ip).toMatch(/^172\.31\.0\.\d+$/);
    expect(nicA.ip).not.toBe(nicB.ip);
    expect(nicA.ip).not.toBe('172.31.0.1');
    expect(nicA.mac).toMatch(/^06:/);

    // 2. The bridge has .1 and both TAPs are its ports, up.
    const addr = await ns.exec('ip', ['-o', '-4', 'addr', 'show', 'dev', 'nqvmbr0']);
    expect(addr.stdout).toContain('172.31.0.1/24');
    for (const tap of [nicA.tap, nicB.tap]) {
      const shown = await link(tap);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain('master nqvmbr0');
    }
    // Nothing of it exists in the host's own namespace.
    expect(existsSync(`/sys/class/net/${nicA.tap}`)).toBe(false);
    expect(existsSync('/sys/class/net/nqvmbr0')).toBe(false);

    // 3. The VMM was given the TAP, MAC, the kernel ip= and hostname, and MMDS metadata.
    const client = createFirecrackerClient(a.api_sock);
    const cfg = (await client.getVmConfig()) as unknown as Record<string, never>;
    expect(cfg['network-interfaces']).toEqual([
      { iface_id: 'eth0', host_dev_name: nicA.tap, guest_mac: nicA.mac },
    ]);
    const bootArgs: string = (cfg['boot-source'] as { boot_args: string }).boot_args;
    expect(bootArgs).toMatch(/\bconsole=ttyS0\b/);
    expect(bootArgs).toMatch(/\breboot=k\b/);
    expect(bootArgs).toContain(`ip=${nicA.ip}::172.31.0.1:255.255.255.0:alpha:eth0:off`);
    expect(bootArgs).toContain('nqvm.hostname=alpha');
    const mmds = (await client.call('GET', '/mmds')) as { nqvm: { nics: { ip: string }[] } };
    expect(mmds.nqvm.nics[0]?.ip).toBe(nicA.ip);
    client.close();

    // 4. Delete: the TAP and the lease go; the address is free for the next VM.
    await api('DELETE', '/v1/vms/vma');
    expect((await link(nicA.tap)).code).not.toBe(0);
    expect(Object.values(await agent.ctx.leases.all())).toEqual([nicB.ip]);
  });

  it('removes TAPs left behind by VMs that no longer exist when the agent starts', async () => {
    await ns.exec('ip', ['tuntap', 'add', 'dev', 'nqt0123456789', 'mode', 'tap']);
    const kept = (
      await api('PUT', '/v1/vms/keep', host.spec({ start: true, nics: [{ iface_id: 'eth0' }] }))
    ).json().item;
    await agent.app.close();
    agent = await host.agent({ netns: ns.name });
    expect(agent.reconciled.removedTaps).toEqual(['nqt0123456789']);
    expect(agent.reconciled.adopted).toEqual(['keep']);
    expect((await link('nqt0123456789')).code).not.toBe(0);
    expect((await link(kept.nics[0].tap)).code).toBe(0);
  });
});
