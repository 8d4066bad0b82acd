// One real guest on fc-vmm through the agent API, in a test-made netns: boot, console, network, cgroup, restart, adoption, delete.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createFirecrackerClient } from '@nqvm/fc-api';
import { createNetns, type TestNetns } from '@nqvm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH,
  createTestHost,
  listen,
  openConsole,
  type TestHost,
  waitFor,
  waitForBoot,
} from './agent.test-support.js';
import type { Agent } from './agent-app.js';
import { cpuQuotaUs, memoryLimitBytes } from './cgroup.js';
import { isAlive } from './proc-info.js';

describe('a VM on fc-vmm through the agent', () => {
  let host: TestHost;
  let ns: TestNetns;
  let agent: Agent;
  beforeAll(async () => {
    host = await createTestHost();
    ns = await createNetns();
    agent = await host.agent({ netns: ns.name });
  });
  afterAll(async () => {
    await host?.cleanup();
    await ns?.destroy();
  });

  const api = (method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE', url: string, payload?: object) =>
    agent.app.inject({
      method,
      url,
      headers: AUTH,
      payload: payload ?? (method === 'POST' ? {} : undefined),
    });
  const state = async (id: string) => (await api('GET', `/v1/vms/${id}`)).json().item;
  const link = (name: string) => ns.exec('ip', ['-o', 'link', 'show', 'dev', name]);
  const ping = (ip: string) => ns.exec('ping', ['-c', '1', '-W', '1', ip]);
  const procs = async (group: string) =>
    (await readFile(join(group, 'cgroup.procs'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map(Number);

  it('boots, runs console commands, answers pings, keeps its disk across stop/start and agent restarts, and deletes without a trace', async () => {
    // 1. Create and boot in one request, with a NIC on the agent's bridge in the test netns.
    const spec = host.spec({ start: true, hostname: 'life', nics: [{ iface_id: 'eth0' }] });
    const created = await api('PUT', '/v1/vms/vm1', spec);
    expect(created.statusCode).toBe(200);
    const vm = created.json().item;
    expect(vm).toMatchObject({ state: 'running', pid: expect.any(Number) });
    const [nic] = vm.nics;
    expect(nic.ip).toMatch(/^172\.31\.0\.\d+$/);
    expect(nic.ip).not.toBe('172.31.0.1');
    expect(nic.mac).toMatch(/^06:/);

    // 2. Private files: the VM dir 0700, the API socket 0600 (the VMM runs with umask 077).
    const paths = agent.ctx.paths.vm('vm1');
    expect((await stat(paths.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(paths.apiSock)).mode & 0o777).toBe(0o600);

    // 3. The bridge and TAP exist in the netns only; the VMM got the TAP, MAC, ip=, hostname, MMDS.
    expect((await ns.exec('ip', ['-o', '-4', 'addr', 'show', 'dev', 'nqvmbr0'])).stdout).toContain(
      '172.31.0.1/24',
    );
    expect((await link(nic.tap)).stdout).toContain('master nqvmbr0');
    expect(existsSync(`/sys/class/net/${nic.tap}`)).toBe(false);
    const client = createFirecrackerClient(vm.api_sock);
    const cfg = (await client.getVmConfig()) as unknown as Record<string, never>;
    expect(cfg['network-interfaces']).toMatchObject([
      { iface_id: 'eth0', host_dev_name: nic.tap, guest_mac: nic.mac },
    ]);
    const bootArgs: string = (cfg['boot-source'] as { boot_args: string }).boot_args;
    expect(bootArgs).toContain(`ip=${nic.ip}::172.31.0.1:255.255.255.0:life:eth0:off`);
    expect(bootArgs).toMatch(/\bnqvm\.hostname=life\b.*\bnqvm\.mmds=1\b/);
    const mmds = (await client.call('GET', '/mmds')) as { nqvm: { identity: Record<string, string> } };
    expect(mmds.nqvm.identity).toMatchObject({
      generation: 'vm1.1',
      hostname: 'life',
      ip: nic.ip,
      mac: nic.mac,
    });
    client.close();

    // 4. cgroup: the VMM and its QEMU are in the VM's groups, whose limits follow the VM size.
    const groups = await agent.ctx.cgroups.paths('vm1');
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      expect(group).toContain(`/${host.cgroupName}/vm1`);
      expect(await procs(group)).toContain(vm.pid);
    }
    const limitFiles = groups.flatMap((g) =>
      ['memory.max', 'memory.limit_in_bytes', 'cpu.max', 'cpu.cfs_quota_us']
        .map((f) => join(g, f))
        .filter((f) => existsSync(f)),
    );
    const limits = Object.fromEntries(
      await Promise.all(
        limitFiles.map(async (f) => [f.split('/').pop(), (await readFile(f, 'utf8')).trim()]),
      ),
    );
    const memory = String(memoryLimitBytes({ vcpu: 1, mem_mib: 128 }));
    expect(limits['memory.max'] ?? limits['memory.limit_in_bytes']).toBe(memory);
    expect((limits['cpu.max'] ?? limits['cpu.cfs_quota_us'])?.split(' ')[0]).toBe(
      String(cpuQuotaUs({ vcpu: 1, mem_mib: 128 })),
    );

    // 5. Console through the agent's WebSocket: a command in, its output back; a file on the disk.
    await waitForBoot(vm.console_log, 1);
    const base = await listen(agent);
    const con = await openConsole(base, 'vm1');
    expect(await con.check('hostname')).toBe('life');
    expect(await con.check('echo hello-from-$((6*7))')).toBe('hello-from-42');
    await con.check('echo written-before-stop > /root/mark && sync');
    con.disconnect();

    // 6. The host (inside the netns) reaches the guest at its address.
    await waitFor('the guest to answer ping', async () => (await ping(nic.ip)).code === 0);

    // 6b. A NIC limit applies live, and `null` lifts it live (zero-sized buckets) and drops it from the spec.
    const txCap = { bandwidth: { size: 100_000, refill_time: 100 } };
    const limited = await api('PATCH', '/v1/vms/vm1/nics/eth0', { tx_rate_limiter: txCap });
    expect(limited.json()).toMatchObject({ applied: 'live', item: { tx_rate_limiter: txCap } });
    const vmmNic = async () =>
      ((await client.getVmConfig()) as unknown as { 'network-interfaces': Record<string, unknown>[] })[
        'network-interfaces'
      ][0];
    expect((await vmmNic())?.tx_rate_limiter).toMatchObject(txCap);
    const lifted = await api('PATCH', '/v1/vms/vm1/nics/eth0', { tx_rate_limiter: null });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json().applied).toBe('live');
    expect(lifted.json().item).not.toHaveProperty('tx_rate_limiter');
    const afterLift = (await vmmNic())?.tx_rate_limiter as { bandwidth?: { size: number } } | undefined;
    expect(afterLift?.bandwidth?.size ?? 0).toBe(0);
    expect((await state('vm1')).config.nics[0]).not.toHaveProperty('tx_rate_limiter');
    await waitFor(
      'the guest to answer ping after the limit change',
      async () => (await ping(nic.ip)).code === 0,
    );

    // 7. Bad requests get a clear 4xx and change nothing.
    const before = (await api('GET', '/v1/vms')).json();
    const bad = await api('PUT', '/v1/vms/vm1', { ...spec, vcpu: 'two' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('AGT_ERR_VALIDATION');
    const unknown = await api('POST', '/v1/vms/nope/stop', {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('AGT_ERR_VM_NOT_FOUND');
    const missing = await api(
      'PUT',
      '/v1/vms/vm2',
      // Inside an image root (beside the real images); outside every root it is AGT_ERR_PATH_REJECTED.
      host.spec({ rootfs: { path: join(dirname(host.rootfs), 'missing.ext4') } }),
    );
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({
      code: 'AGT_ERR_IMAGE_MISSING',
      error: expect.stringContaining('missing.ext4'),
    });
    expect((await api('GET', '/v1/vms')).json()).toEqual(before);
    expect(existsSync(agent.ctx.paths.vm('vm2').dir)).toBe(false);

    // 8. Graceful stop (ACPI power button): the VMM exits; process, socket, TAP and cgroup go.
    const vmmProcs = (await Promise.all(groups.map(procs))).flat();
    expect(vmmProcs.length).toBeGreaterThan(1); // fc-vmm and its QEMU
    const stopped = (await api('POST', '/v1/vms/vm1/stop', { timeout_ms: 60_000 })).json().item;
    expect(stopped).toMatchObject({ state: 'stopped' });
    expect(stopped.pid).toBeUndefined();
    expect(stopped.error).toBeUndefined();
    for (const pid of vmmProcs) expect(await isAlive(pid)).toBe(false);
    expect(existsSync(paths.apiSock)).toBe(false);
    expect((await link(nic.tap)).code).not.toBe(0);
    for (const group of groups) expect(existsSync(group)).toBe(false);

    // 9. Start again: a new generation of identity, and the disk kept the file.
    const restarted = (await api('POST', '/v1/vms/vm1/start')).json().item;
    expect(restarted).toMatchObject({ state: 'running', pid: expect.any(Number) });
    expect(restarted.pid).not.toBe(vm.pid);
    await waitForBoot(vm.console_log, 2);

    // 10. The agent restarts (in process) while the VM runs; a TAP of a long-gone VM is cleaned up.
    await ns.exec('ip', ['tuntap', 'add', 'dev', 'nqt0123456789', 'mode', 'tap']);
    await agent.app.close();
    agent = await host.agent({ netns: ns.name });
    expect(agent.reconciled).toMatchObject({ adopted: ['vm1'], removedTaps: ['nqt0123456789'] });
    expect(await state('vm1')).toMatchObject({ state: 'running', pid: restarted.pid });
    expect((await link(nic.tap)).code).toBe(0);
    const con2 = await openConsole(await listen(agent), 'vm1');
    expect(await con2.check('cat /root/mark')).toBe('written-before-stop');
    con2.disconnect();

    // 11. Pause and resume go through the VMM; metrics come from its flushes and /proc.
    expect((await api('POST', '/v1/vms/vm1/pause')).json().item.state).toBe('paused');
    expect((await api('POST', '/v1/vms/vm1/resume')).json().item.state).toBe('running');
    expect((await api('POST', '/v1/vms/vm1/flush-metrics')).statusCode).toBe(200);
    const metrics = (await api('GET', '/v1/vms/vm1/metrics')).json().item;
    expect(metrics.rss_bytes).toBeGreaterThan(0);
    expect(Object.keys(metrics.firecracker)).toContain('api_server');

    // 12. Delete the running VM: no process, TAP, socket, cgroup, lease or directory is left.
    const liveProcs = (await Promise.all(groups.map(procs))).flat();
    expect(liveProcs).toContain(restarted.pid);
    expect((await api('DELETE', '/v1/vms/vm1')).json()).toEqual({ ok: true });
    for (const pid of liveProcs) expect(await isAlive(pid)).toBe(false);
    expect((await link(nic.tap)).code).not.toBe(0);
    for (const group of groups) expect(existsSync(group)).toBe(false);
    expect(existsSync(paths.dir)).toBe(false);
    expect(await agent.ctx.leases.all()).toEqual({});
    expect((await api('GET', '/v1/vms/vm1')).statusCode).toBe(404);
  });
});
