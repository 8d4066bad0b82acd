// A manager restart loses nothing: VMs with their states, hosts, images and templates; guests keep running.

import type { Vm } from '@nqvm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShell } from './support/shell.js';
import { type Stack, type StackHost, startStack } from './support/stack.js';
import { waitFor } from './support/wait.js';

/** What must survive a restart, without timestamps that legitimately move. */
const durable = (vm: Vm) => {
  const { updated_at: _u, ...rest } = vm;
  return rest;
};

describe('manager restart', () => {
  let stack: Stack;
  let host: StackHost;
  beforeAll(async () => {
    stack = await startStack({ hosts: 1, database: 'pglite' });
    host = stack.hosts[0] as StackHost;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('keeps VMs, their states, hosts, images and templates; the running guest never notices', async () => {
    const { client } = stack;

    // 1. A paused guest with state in memory, a stopped VM (never booted), a template.
    const live = await client.vms.create({ name: 'keeps-running', vcpu: 1, mem_mib: 256 });
    const idle = await client.vms.create({ name: 'stays-stopped', vcpu: 1, mem_mib: 256, start: false });
    const shell = await openShell(client, live.id);
    await shell.waitForBoot(1);
    await shell.check('export E2E_BEFORE_RESTART=yes');
    shell.disconnect();
    await client.vms.pause(live.id);
    const tpl = await client.templates.create({ name: 'kept-template', spec: { vcpu: 1, mem_mib: 256 } });
    const before = {
      vms: (await client.vms.list()).items.map(durable),
      hosts: (await client.hosts.list()).map((h) => ({ id: h.id, hostname: h.hostname, addr: h.addr })),
      images: await client.images.list(),
      templates: await client.templates.list(),
    };
    expect(before.vms.map((v) => [v.name, v.state])).toEqual(
      expect.arrayContaining([
        ['keeps-running', 'paused'],
        ['stays-stopped', 'stopped'],
      ]),
    );
    const lastBeat = (await host.info()).last_heartbeat_at;

    // 2. Restart on the same data dir and port.
    await stack.restartManager();

    // 3. The agent's credential still works: a fresh heartbeat arrives (and triggers a reconcile).
    await waitFor('a heartbeat to the restarted manager', async () => {
      const h = await host.info();
      return h.status === 'online' && h.last_heartbeat_at !== lastBeat ? h : undefined;
    });
    // A full reconcile pass on the new manager, so a wrong conclusion would show in the states.
    await stack.manager().manager.services.reconciler.reconcileOnce({ ignoreBackoff: true });

    // 4. Nothing lost or changed.
    expect((await client.vms.list()).items.map(durable)).toEqual(before.vms);
    expect(
      (await client.hosts.list()).map((h) => ({ id: h.id, hostname: h.hostname, addr: h.addr })),
    ).toEqual(before.hosts);
    expect(await client.images.list()).toEqual(before.images);
    expect(await client.templates.list()).toEqual(before.templates);

    // 5. The guest was paused, not rebooted: resume it and its shell still has the variable.
    await client.vms.resume(live.id);
    expect((await client.vms.get(live.id)).state).toBe('running');
    const again = await openShell(client, live.id);
    expect(await again.check('echo $E2E_BEFORE_RESTART')).toBe('yes');
    again.disconnect();
    expect((await client.vms.get(idle.id)).state).toBe('stopped');

    await client.vms.delete(live.id);
    await client.vms.delete(idle.id);
    await client.templates.delete(tpl.id);
  });
});
