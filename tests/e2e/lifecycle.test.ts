// The spec's VM lifecycle through the manager API on a real agent and a real guest, on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShell } from './support/shell.js';
import { type Stack, startStack } from './support/stack.js';
import { hostTraces, waitForOnlyAgent, waitForVmState } from './support/vms.js';
import { waitFor } from './support/wait.js';

describe.each(['pglite', 'postgres'] as const)('VM lifecycle through the manager [%s]', (database) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ hosts: 1, database });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('create → console → pause/resume → stop → start (disk kept) → delete leaves nothing on the host', async () => {
    const { client } = stack;
    const [host] = stack.hosts;
    if (!host) throw new Error('no host');
    const name = `life-${database}`;

    // 1. POST /v1/vms with the spec's wizard fields only: the VM comes back running.
    const { id } = await client.vms.create({ name, vcpu: 1, mem_mib: 256 });
    const vm = await client.vms.get(id);
    expect(vm).toMatchObject({
      id,
      name,
      state: 'running',
      vcpu: 1,
      mem_mib: 256,
      host_id: await host.hostId(),
      host_addr: host.addr,
      template_id: null,
      source_snapshot_id: null,
    });
    // The spec's fields are all there; what the agent observed is filled in.
    for (const field of ['rootfs_path', 'tap', 'api_sock', 'log_path', 'created_at', 'updated_at'])
      expect(vm[field as keyof typeof vm], field).toEqual(expect.any(String));
    for (const field of ['http_port', 'fc_unit']) expect(vm).toHaveProperty(field);
    expect(vm.guest_ip).toMatch(new RegExp(`^${host.subnet.replace(/\./g, '\\.')}\\.\\d+$`));
    expect(vm.api_sock?.startsWith(host.dataDir)).toBe(true);
    // Paths are the agent host's: the root disk is the agent's copy; a registry kernel has no raw path.
    expect(vm.rootfs_path?.startsWith(host.dataDir)).toBe(true);
    expect(vm.kernel_path).toBeNull();

    // 2. The guest answers through the manager's shell WebSocket (browser-style, token in the query).
    let shell = await openShell(client, id);
    await shell.waitForBoot(1);
    expect(await shell.check('hostname')).toBe(name);
    await shell.check(`echo kept-${database} > /e2e-marker && sync`);
    // The host shows the VM's processes (its VMM and QEMU), so their absence later means something.
    expect((await hostTraces(host, id, vm.tap)).processes.length).toBeGreaterThanOrEqual(2);

    // 3. Pause and resume: the state follows, and the guest carries on where it was.
    await client.vms.pause(id);
    expect((await client.vms.get(id)).state).toBe('paused');
    await expect(client.vms.pause(id)).rejects.toMatchObject({ status: 400 });
    await client.vms.resume(id);
    expect((await client.vms.get(id)).state).toBe('running');
    expect(await shell.check('cat /e2e-marker')).toBe(`kept-${database}`);
    shell.disconnect();

    // 4. Stop: the VMM is gone, the VM's directory (its disk) stays.
    await client.vms.stop(id);
    await waitForVmState(client, id, 'stopped');
    await waitFor('the VMM of a stopped VM to exit', async () => {
      const traces = await hostTraces(host, id, vm.tap);
      return traces.processes.length === 0 && traces.dir ? traces : undefined;
    });

    // 5. Start again: a second boot of the same disk still has the file.
    await client.vms.start(id);
    expect((await client.vms.get(id)).state).toBe('running');
    shell = await openShell(client, id);
    await shell.waitForBoot(2);
    expect(await shell.check('cat /e2e-marker')).toBe(`kept-${database}`);
    shell.disconnect();

    // 6. Delete (while running): no process, TAP, API socket or directory is left on the host.
    await client.vms.delete(id);
    await expect(client.vms.get(id)).rejects.toMatchObject({ status: 404, code: 'MVM_ERR_VM_NOT_FOUND' });
    expect((await client.vms.list()).items.map((v) => v.id)).not.toContain(id);
    const traces = await hostTraces(host, id, vm.tap);
    expect(traces).toEqual({ dir: false, tap: false, processes: [] });
    // Only the agent (and its idle VMM pool) is left in the host's namespace (waited on: it may
    // run a short helper).
    await waitForOnlyAgent(host);
  });
});
