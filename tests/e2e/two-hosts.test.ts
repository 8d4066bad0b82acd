// Two agents in two namespaces under one manager: placement by capacity, images by sha256, a host lost and back.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShell } from './support/shell.js';
import { type Stack, type StackHost, startStack } from './support/stack.js';
import { waitForVmState } from './support/vms.js';
import { waitFor } from './support/wait.js';

describe('two hosts under one manager', () => {
  let stack: Stack;
  let hosts: StackHost[];
  beforeAll(async () => {
    stack = await startStack({ hosts: 2, database: 'pglite' });
    hosts = [...stack.hosts];
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('places VMs on both, ships images by sha256, and marks only the lost host’s VMs unknown', async () => {
    const { client } = stack;

    // 1. Two registered, online hosts with their own names and addresses.
    const listed = await client.hosts.list();
    expect(listed.map((h) => [h.hostname, h.addr, h.status]).sort()).toEqual(
      hosts.map((h) => [h.hostname, h.addr, 'online']).sort(),
    );

    // 2. Two equal VMs: the second goes to the host with more room, i.e. the other one.
    const a = await client.vms.create({ name: 'placed-a', vcpu: 1, mem_mib: 256 });
    const b = await client.vms.create({ name: 'placed-b', vcpu: 1, mem_mib: 256 });
    const [vmA, vmB] = [await client.vms.get(a.id), await client.vms.get(b.id)];
    expect(vmA.host_id).not.toBe(vmB.host_id);
    const hostOf = async (hostId: string | null) => {
      for (const h of hosts) if ((await h.hostId()) === hostId) return h;
      throw new Error(`no stack host has id ${hostId}`);
    };
    const [hostA, hostB] = [await hostOf(vmA.host_id), await hostOf(vmB.host_id)];
    expect(vmA.guest_ip?.startsWith(`${hostA.subnet}.`)).toBe(true);
    expect(vmB.guest_ip?.startsWith(`${hostB.subnet}.`)).toBe(true);

    // 3. Each default image is registered once, and each host fetched it into its cache by sha256.
    const images = (await client.images.list()).filter((i) => i.origin === 'manifest');
    expect(images.map((i) => i.kind).sort()).toEqual(['initrd', 'kernel', 'rootfs']);
    for (const image of images) {
      for (const h of hosts) {
        const cached = join(h.dataDir, 'images', 'cache', image.sha256 as string);
        expect(existsSync(cached), `${image.kind} on ${h.hostname}`).toBe(true);
        expect(statSync(cached).size).toBe(image.size);
      }
    }

    // 4. Both guests boot and answer on their own host.
    for (const vm of [vmA, vmB]) {
      const shell = await openShell(client, vm.id);
      await shell.waitForBoot(1);
      expect(await shell.check('hostname')).toBe(vm.name);
      shell.disconnect();
    }

    // 5. Stop host A's agent: its VM becomes unknown, the host offline; host B's VM is untouched.
    await hostA.stopAgent();
    await waitForVmState(client, vmA.id, 'unknown', 90_000);
    expect((await hostA.info()).status).toBe('offline');
    expect(await client.vms.get(vmB.id)).toMatchObject({ state: 'running', error: null });
    expect((await hostB.info()).status).toBe('online');
    const shellB = await openShell(client, vmB.id);
    expect(await shellB.check('echo still-here')).toBe('still-here');
    shellB.disconnect();
    // The guest itself never stopped: its VMM is still running in host A's namespace.
    expect(hostA.vmProcesses().length).toBeGreaterThan(0);

    // 6. The agent comes back: it re-adopts the VMM and the VM is running again, same guest.
    await hostA.startAgent();
    await waitForVmState(client, vmA.id, 'running', 60_000);
    const shellA = await openShell(client, vmA.id);
    expect(await shellA.check('hostname')).toBe('placed-a');
    shellA.disconnect();
    await waitFor('host A to be online', async () =>
      (await hostA.info()).status === 'online' ? true : undefined,
    );

    await client.vms.delete(vmA.id);
    await client.vms.delete(vmB.id);
  });
});
