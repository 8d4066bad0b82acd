// Whole VM lifecycles through the API against real VMM processes (test-support/fake-vmm.mjs).
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AUTH, createTestHost, type TestHost, waitFor } from './agent.test-support.js';
import type { Agent } from './agent-app.js';
import { isAlive } from './proc-info.js';

/** A console viewer over the real WebSocket route; collects everything it receives. */
async function openConsole(agent: Agent, id: string) {
  const address = await agent.app
    .listen({ port: 0, host: '127.0.0.1' })
    .catch(() => agent.app.server.address());
  const port = typeof address === 'string' ? new URL(address).port : (address as { port: number }).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/vms/${id}/console`, { headers: AUTH });
  let text = '';
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw));
    if (msg.type === 'data') text += msg.data;
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    send: (data: string) => ws.send(JSON.stringify({ type: 'data', data })),
    output: () => text,
    /** Waits until the output (from `from` on) contains `needle`. */
    expect: (needle: string, from = 0) =>
      waitFor(`console to show ${needle}`, async () => text.indexOf(needle, from) >= 0),
    close: () => ws.close(),
  };
}

describe('VM lifecycle with a real VMM process', () => {
  let host: TestHost;
  let agent: Agent;
  beforeEach(async () => {
    host = await createTestHost();
    agent = await host.agent();
  });
  afterEach(() => host.cleanup());

  const api = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
    agent.app.inject({
      method,
      url,
      headers: AUTH,
      payload: payload ?? (method === 'POST' ? {} : undefined),
    });
  const state = async (id: string) => (await api('GET', `/v1/vms/${id}`)).json().item;

  it('creates, boots, takes console input, stops, restarts with its disk, and deletes without a trace', async () => {
    // 1. Create and boot in one request.
    const created = await api('PUT', '/v1/vms/vm1', host.spec({ start: true }));
    expect(created.statusCode).toBe(200);
    const vm = created.json().item;
    expect(vm).toMatchObject({ state: 'running', pid: expect.any(Number) });
    const paths = agent.ctx.paths.vm('vm1');
    expect((await stat(paths.apiSock)).mode & 0o777).toBe(0o600);

    // 2. The VMM got the Firecracker configuration the agent promises.
    const bootLine = (await api('GET', '/v1/vms/vm1/logs?lines=50')).json().lines.join('\n');
    expect(bootLine).toContain('fake-guest: ready');

    // 3. Console: a command in, its output back; the guest writes its disk.
    const con = await openConsole(agent, 'vm1');
    await con.expect('fake-guest: ready'); // replayed history
    const mark = con.output().length;
    con.send('echo hello-console\n');
    await con.expect('hello-console\n', mark);
    con.send('disk-write written-by-guest\n');
    con.send('echo disk-done\n');
    await con.expect('disk-done\n', mark);
    con.close();

    // 4. Graceful stop: Ctrl+Alt+Del, the VMM exits, nothing of the process is left.
    const stopped = (await api('POST', '/v1/vms/vm1/stop', { timeout_ms: 10_000 })).json().item;
    expect(stopped.state).toBe('stopped');
    expect(stopped.pid).toBeUndefined();
    expect(await isAlive(vm.pid)).toBe(false);
    expect(existsSync(paths.apiSock)).toBe(false);

    // 5. Start again: the disk kept what the guest wrote.
    const restarted = (await api('POST', '/v1/vms/vm1/start')).json().item;
    expect(restarted.state).toBe('running');
    const con2 = await openConsole(agent, 'vm1');
    const mark2 = con2.output().length;
    con2.send('disk-read\n');
    await con2.expect('disk=written-by-guest', mark2);
    con2.close();

    // 6. Pause and resume go through the VMM.
    expect((await api('POST', '/v1/vms/vm1/pause')).json().item.state).toBe('paused');
    expect((await api('POST', '/v1/vms/vm1/resume')).json().item.state).toBe('running');

    // 7. Metrics: flush, then the Firecracker counters and the process numbers.
    expect((await api('POST', '/v1/vms/vm1/flush-metrics')).statusCode).toBe(200);
    const metrics = (await api('GET', '/v1/vms/vm1/metrics')).json().item;
    expect(metrics.firecracker.api_server.flushes).toBe(1);
    expect(metrics.rss_bytes).toBeGreaterThan(0);
    const prom = (await api('GET', '/metrics')).body;
    expect(prom).toContain('nqvm_vm_firecracker{vm_id="vm1",group="api_server",metric="flushes"} 1');

    // 8. Delete: no process, socket or directory left.
    const pid = restarted.pid;
    expect((await api('DELETE', '/v1/vms/vm1')).json()).toEqual({ ok: true });
    expect(await isAlive(pid)).toBe(false);
    expect(existsSync(paths.dir)).toBe(false);
    expect((await api('GET', '/v1/vms/vm1')).statusCode).toBe(404);
  });

  it('reports a VMM killed with SIGKILL as stopped, with the reason', async () => {
    const vm = (await api('PUT', '/v1/vms/vm1', host.spec({ start: true }))).json().item;
    process.kill(vm.pid, 'SIGKILL');
    const after = await waitFor('the VM to be reported stopped', async () => {
      const item = await state('vm1');
      return item.state === 'stopped' ? item : undefined;
    });
    expect(after.error).toContain('SIGKILL');
    expect(existsSync(agent.ctx.paths.vm('vm1').apiSock)).toBe(false);
  });

  it('restores a snapshot as a new VM with the disk and memory of that instant; the clone writes its own disk', async () => {
    // 1. Source VM with memory and disk state.
    await api('PUT', '/v1/vms/src', host.spec({ start: true }));
    const con = await openConsole(agent, 'src');
    con.send('mem-set remembered\n');
    con.send('disk-write before-snapshot\n');
    con.send('echo ready-for-snapshot\n');
    await con.expect('ready-for-snapshot\n');

    // 2. Snapshot with its disk copies; the source keeps running.
    const snap = await api('POST', '/v1/vms/src/snapshots', { snapshot_id: 's1', snapshot_type: 'Full' });
    expect(snap.statusCode).toBe(200);
    const item = snap.json().item;
    expect(item).toMatchObject({ snapshot_id: 's1', size_bytes: expect.any(Number) });
    expect(item.disks.map((d: { drive_id: string }) => d.drive_id)).toEqual(['rootfs']);
    expect(await readFile(item.disks[0].path, 'utf8')).toMatch(/^before-snapshot\n/);
    expect((await state('src')).state).toBe('running');
    const dup = await api('POST', '/v1/vms/src/snapshots', { snapshot_id: 's1', snapshot_type: 'Full' });
    expect(dup.json().code).toBe('AGT_ERR_SNAPSHOT_EXISTS');

    // 3. The source moves on after the snapshot.
    const mark = con.output().length;
    con.send('disk-write after-snapshot\n');
    con.send('echo source-moved-on\n');
    await con.expect('source-moved-on\n', mark);

    // 4. Restore as a new VM: memory and disk are those of the snapshot.
    const restored = await api('POST', '/v1/vms/clone/restore', {
      source_vm_id: 'src',
      snapshot_id: 's1',
      spec: host.spec({ name: 'clone' }),
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().item).toMatchObject({ id: 'clone', state: 'running' });
    const clone = await openConsole(agent, 'clone');
    const cmark = clone.output().length;
    clone.send('mem-get\n');
    clone.send('disk-read\n');
    await clone.expect('disk=', cmark);
    expect(clone.output().slice(cmark)).toContain('mem=remembered');
    expect(clone.output().slice(cmark)).toContain('disk=before-snapshot');

    // 5. The clone's writes stay in the clone.
    clone.send('disk-write clone-was-here\n');
    clone.send('echo clone-wrote\n');
    await clone.expect('clone-wrote\n', cmark);
    const smark = con.output().length;
    con.send('disk-read\n');
    await con.expect('disk=after-snapshot', smark);
    clone.close();
    con.close();

    // 6. The snapshot can be deleted without touching the clone.
    expect((await api('DELETE', '/v1/vms/src/snapshots/s1')).json()).toEqual({ ok: true });
    expect(existsSync(item.dir)).toBe(false);
    expect((await state('clone')).state).toBe('running');
  });

  it('keeps VMs running across an agent restart and re-adopts them with working consoles', async () => {
    const vm = (await api('PUT', '/v1/vms/vm1', host.spec({ start: true }))).json().item;
    await api('PUT', '/v1/vms/gone', host.spec({ start: true }));
    await agent.app.close();

    // While no agent runs, one VMM dies.
    const gonePid = JSON.parse(await readFile(agent.ctx.paths.vm('gone').record, 'utf8')).pid;
    process.kill(gonePid, 'SIGKILL');
    await waitFor('the killed VMM to be gone', async () => !(await isAlive(gonePid)));

    agent = await host.agent();
    expect(agent.reconciled.adopted).toEqual(['vm1']);
    expect(agent.reconciled.stopped).toEqual(['gone']);
    expect(await state('vm1')).toMatchObject({ state: 'running', pid: vm.pid });
    const gone = await state('gone');
    expect(gone.state).toBe('stopped');
    expect(gone.error).toContain('exited while the agent was not running');

    const con = await openConsole(agent, 'vm1');
    const mark = con.output().length;
    con.send('echo still-here\n');
    await con.expect('still-here\n', mark);
    con.close();

    // The adopted VMM is watched too: its death is noticed.
    process.kill(vm.pid, 'SIGKILL');
    await waitFor(
      'the adopted VM to be reported stopped',
      async () => (await state('vm1')).state === 'stopped',
    );
  });
});
