// The warm VMM pool with real fc-vmm and a real guest: a create takes a VMM started before it, the pool refills, nothing is left behind.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
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
import { isAlive, readCmdline } from './proc-info.js';

describe('the warm VMM pool', () => {
  let host: TestHost;
  let ns: TestNetns;
  beforeAll(async () => {
    host = await createTestHost();
    ns = await createNetns();
  });
  afterAll(async () => {
    await host?.cleanup();
    await ns?.destroy();
  });

  const api = (agent: Agent, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
    agent.app.inject({
      method,
      url,
      headers: AUTH,
      payload: payload ?? (method === 'POST' ? {} : undefined),
    });
  const sockArg = async (pid: number) => {
    const argv = (await readCmdline(pid)) ?? [];
    return argv[argv.indexOf('--api-sock') + 1];
  };
  const poolEntries = async (agent: Agent) => (await readdir(agent.ctx.paths.poolDir).catch(() => [])).sort();
  const idleSlots = (agent: Agent) =>
    agent.ctx.vmmPool
      .idle()
      .map((s) => s.slot)
      .sort();

  it('hands a VMM started before the request to the VM, refills, boots the guest and leaves no debris', async () => {
    // 1. Two VMMs wait, each already answering its API.
    const agent = await host.agent({ netns: ns.name, vmmPoolSize: 2 });
    const pool = agent.ctx.vmmPool;
    await waitFor('the pool to fill', async () => pool.idle().length === 2);
    const before = pool.idle().map((s) => s.pid);

    // 2. A create with start runs in one of them: its pid existed before the request.
    const created = await api(
      agent,
      'PUT',
      '/v1/vms/warm',
      host.spec({ start: true, nics: [{ iface_id: 'eth0' }] }),
    );
    expect(created.statusCode).toBe(200);
    const vm = created.json().item;
    expect(vm.state).toBe('running');
    expect(before).toContain(vm.pid);
    const record = await agent.ctx.store.load('warm');
    expect(record?.vmm_sock_arg?.startsWith(`${agent.ctx.paths.poolDir}/`)).toBe(true);
    expect(await sockArg(vm.pid)).toBe(record?.vmm_sock_arg);

    // 3. The pool refills to its size with new processes.
    await waitFor('the pool to refill', async () => pool.idle().length === 2);
    expect(pool.idle().map((s) => s.pid)).not.toContain(vm.pid);

    // 4. Its files were renamed into the VM's paths: socket (0600), console FIFO, logs.
    const paths = agent.ctx.paths.vm('warm');
    expect((await stat(paths.apiSock)).isSocket()).toBe(true);
    expect((await stat(paths.apiSock)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.consoleIn)).isFIFO()).toBe(true);
    expect(vm.api_sock).toBe(paths.apiSock);

    // 5. The guest boots on the VM's console log, and console input reaches its shell.
    await waitForBoot(vm.console_log, 1);
    const con = await openConsole(await listen(agent), 'warm');
    expect(await con.check('echo pooled-$((40+2))')).toBe('pooled-42');
    con.disconnect();
    // The VMM's own log at the VM path: its start-up line (written in the slot) and the API
    // requests of the boot (written after the hand-over, through the descriptor it kept).
    const vmmLog = await readFile(paths.vmmLog, 'utf8');
    expect(vmmLog).toContain('Running Firecracker');
    expect(vmmLog).toContain('request on "/machine-config"');
    expect(vmmLog).toContain('request on "/actions"');

    // 6. Stop: the VMM is gone, the VM dir has no working dir left, the pool dir only idle slots.
    const stopped = (await api(agent, 'POST', '/v1/vms/warm/stop', { timeout_ms: 60_000 })).json().item;
    expect(stopped.state).toBe('stopped');
    expect(await isAlive(vm.pid)).toBe(false);
    expect(existsSync(paths.vmmCwd)).toBe(false);
    expect(existsSync(paths.apiSock)).toBe(false);
    expect(await poolEntries(agent)).toEqual(idleSlots(agent));
    expect((await agent.ctx.store.load('warm'))?.vmm_sock_arg).toBeUndefined();

    // 7. Start again from the pool: the console log and VMM log continue (boot #2 after boot #1).
    const restarted = (await api(agent, 'POST', '/v1/vms/warm/start')).json().item;
    expect(restarted.state).toBe('running');
    await waitForBoot(vm.console_log, 2);
    expect(await readFile(paths.vmmLog, 'utf8')).toContain(vmmLog);

    // 8. Delete: nothing of the VM remains, and nothing of it in the pool dir.
    expect((await api(agent, 'DELETE', '/v1/vms/warm')).json()).toEqual({ ok: true });
    expect(await isAlive(restarted.pid)).toBe(false);
    expect(existsSync(paths.dir)).toBe(false);
    expect(await poolEntries(agent)).toEqual(idleSlots(agent));

    // 9. Agent shutdown kills the idle VMMs and removes the pool dir.
    const idle = pool.idle().map((s) => s.pid);
    await agent.app.close();
    for (const pid of idle) expect(await isAlive(pid)).toBe(false);
    expect(existsSync(agent.ctx.paths.poolDir)).toBe(false);
  });

  it("with NQVM_VMM_POOL=0 spawns a VMM per VM, started with the VM's own socket", async () => {
    const agent = await host.agent({ netns: ns.name, vmmPoolSize: 0 });
    expect(agent.ctx.vmmPool.idle()).toEqual([]);
    const vm = (await api(agent, 'PUT', '/v1/vms/cold', host.spec({ start: true }))).json().item;
    expect(vm.state).toBe('running');
    const paths = agent.ctx.paths.vm('cold');
    expect(await sockArg(vm.pid)).toBe(paths.apiSock);
    expect((await agent.ctx.store.load('cold'))?.vmm_sock_arg).toBeUndefined();
    expect(existsSync(agent.ctx.paths.poolDir)).toBe(false);
    expect((await api(agent, 'DELETE', '/v1/vms/cold')).json()).toEqual({ ok: true });
    expect(await isAlive(vm.pid)).toBe(false);
    await agent.app.close();
  });
});
