// Snapshots become separate VMs that keep the source's disk and memory; templates instantiate running VMs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShell, type Shell } from './support/shell.js';
import { type Stack, type StackHost, startStack } from './support/stack.js';
import { hostTraces } from './support/vms.js';
import { waitFor } from './support/wait.js';

describe('snapshots and templates through the manager', () => {
  let stack: Stack;
  let host: StackHost;
  const shells: Shell[] = [];
  beforeAll(async () => {
    stack = await startStack({ hosts: 1, database: 'pglite' });
    host = stack.hosts[0] as StackHost;
  });
  afterAll(async () => {
    for (const shell of shells) shell.disconnect();
    await stack?.stop();
  });
  const shell = async (id: string) => {
    const s = await openShell(stack.client, id);
    shells.push(s);
    return s;
  };
  /** Writes to the disk and reads it back past the guest's page cache. */
  const readDisk = (s: Shell, file: string) =>
    s.check(`sync; echo 3 > /proc/sys/vm/drop_caches; cat ${file}`);
  const ping = async (ip: string) => (await host.netns.exec('ping', ['-c', '1', '-W', '2', ip])).code === 0;

  it('snapshot → instantiate: same disk and memory, a separate VM (id, MAC, IP, hostname), writes do not cross', async () => {
    const { client } = stack;

    // 1. A running source with state on its disk and in a shell variable (memory only).
    const src = await client.vms.create({ name: 'snap-src', vcpu: 1, mem_mib: 256 });
    const srcShell = await shell(src.id);
    await srcShell.waitForBoot(1);
    await srcShell.check('echo before-snapshot > /e2e-disk && sync');
    await srcShell.check('export E2E_MEM=only-in-memory-42');

    // 2. A Full snapshot, completed, with its files on the host.
    const snap = await client.snapshots.create(src.id, { name: 'src-snap', snapshot_type: 'Full' });
    const snapshot = await client.snapshots.get(snap.id);
    expect(snapshot).toMatchObject({ id: snap.id, vm_id: src.id, name: 'src-snap', state: 'completed' });
    expect(snapshot.size_bytes).toBeGreaterThan(0);
    expect((await client.vms.get(src.id)).state).toBe('running');

    // 3. Instantiate: a new, running VM on the same host with its own identity.
    const made = await client.snapshots.instantiate(snap.id, { name: 'snap-clone' });
    expect(made.name).toBe('snap-clone');
    const [source, clone] = [await client.vms.get(src.id), await client.vms.get(made.id)];
    expect(clone).toMatchObject({
      name: 'snap-clone',
      hostname: 'snap-clone',
      state: 'running',
      host_id: source.host_id,
      source_snapshot_id: snap.id,
    });
    expect(clone.id).not.toBe(source.id);
    expect(clone.guest_mac).not.toBe(source.guest_mac);
    expect(clone.guest_ip).toEqual(expect.any(String));
    expect(clone.guest_ip).not.toBe(source.guest_ip);
    expect(clone.tap).not.toBe(source.tap);

    // 4. The clone woke up in the source's memory: the shell variable and the file are there.
    const cloneShell = await shell(clone.id);
    expect(await cloneShell.check('echo $E2E_MEM')).toBe('only-in-memory-42');
    expect(await cloneShell.check('cat /e2e-disk')).toBe('before-snapshot');

    // 5. ...then takes its own identity from MMDS: hostname, MAC and address.
    await waitFor(
      'the clone to take its own hostname',
      async () => ((await cloneShell.check('hostname')) === 'snap-clone' ? true : undefined),
      { timeoutMs: 60_000 },
    );
    expect(await cloneShell.check('cat /sys/class/net/eth0/address')).toBe(clone.guest_mac);
    expect(await cloneShell.check('ip -4 -o addr show dev eth0')).toContain(`inet ${clone.guest_ip}/`);
    expect(await srcShell.check('hostname')).toBe('snap-src');
    // Both answer on the host's bridge at their own addresses.
    await waitFor('both guests to answer pings', async () =>
      (await ping(source.guest_ip as string)) && (await ping(clone.guest_ip as string)) ? true : undefined,
    );

    // 6. Writes don't cross, in either direction, even read back from disk.
    await cloneShell.check('echo clone-wrote > /e2e-disk');
    await srcShell.check('echo source-wrote > /e2e-disk');
    expect(await readDisk(cloneShell, '/e2e-disk')).toBe('clone-wrote');
    expect(await readDisk(srcShell, '/e2e-disk')).toBe('source-wrote');

    // 7. Deleting the snapshot and both VMs leaves nothing of them on the host.
    await client.snapshots.delete(snap.id);
    await expect(client.snapshots.get(snap.id)).rejects.toMatchObject({ status: 404 });
    for (const vm of [clone, source]) {
      await client.vms.delete(vm.id);
      expect(await hostTraces(host, vm.id, vm.tap)).toEqual({ dir: false, tap: false, processes: [] });
    }
  });

  it('template → instantiate: a running VM with the template settings', async () => {
    const { client } = stack;
    const tpl = await client.templates.create({ name: 'e2e-small', spec: { vcpu: 1, mem_mib: 256 } });
    expect(await client.templates.get(tpl.id)).toMatchObject({
      name: 'e2e-small',
      spec: { vcpu: 1, mem_mib: 256 },
    });

    const { id } = await client.templates.instantiate(tpl.id, { name: 'from-template' });
    const vm = await client.vms.get(id);
    expect(vm).toMatchObject({
      name: 'from-template',
      state: 'running',
      vcpu: 1,
      mem_mib: 256,
      template_id: tpl.id,
    });
    const s = await shell(id);
    await s.waitForBoot(1);
    expect(await s.check('hostname')).toBe('from-template');
    expect(await s.check("awk '/MemTotal/ {print ($2 > 200000)}' /proc/meminfo")).toBe('1');

    await client.vms.delete(id);
    await client.templates.delete(tpl.id);
    expect(await hostTraces(host, id, vm.tap)).toEqual({ dir: false, tap: false, processes: [] });
  });
});
