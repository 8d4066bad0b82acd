// Hosts and agent routes, log tailing, the SSE event stream and the shell WebSocket proxy.
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FakeAgent } from '../testing/fake-agent.js';
import {
  ADMIN_TOKEN,
  createTestManager,
  describeEachDatabase,
  registerFakeHost,
  type TestManager,
} from '../testing/test-manager.js';

describeEachDatabase('host, agent, log, event and shell routes', (db) => {
  let m: TestManager;
  let agent: FakeAgent;
  let hostId: string;
  let vmId: string;

  beforeAll(async () => {
    m = await createTestManager(db);
    ({ agent, hostId } = await registerFakeHost(m.app));
    const ids: string[] = [];
    for (const [kind, name] of [
      ['kernel', 'k-host'],
      ['rootfs', 'r-host'],
    ]) {
      const path = join(m.imageRoot, name as string);
      writeFileSync(path, name as string);
      ids.push(
        (
          await m.inject({ method: 'POST', url: '/v1/images', payload: { kind, name, host_path: path } })
        ).json().id,
      );
    }
    vmId = (
      await m.inject({
        method: 'POST',
        url: '/v1/vms',
        payload: {
          name: 'host-vm',
          vcpu: 1,
          mem_mib: 256,
          kernel_image_id: ids[0],
          rootfs_image_id: ids[1],
          start: false,
        },
      })
    ).json().id;
  });
  afterAll(async () => {
    await m?.close();
    await agent?.close();
  });

  it('lists hosts with capacity, usage, last heartbeat and status', async () => {
    const items = (await m.inject({ method: 'GET', url: '/v1/hosts' })).json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: hostId,
      addr: '127.0.0.1',
      port: agent.port,
      status: 'online',
      capacity: { vcpus: 4, mem_mib: 4096 },
      usage: { running_vms: 0 },
      last_heartbeat_at: expect.any(String),
    });
    expect((await m.inject({ method: 'GET', url: `/v1/hosts/${hostId}` })).json().item.id).toBe(hostId);
  });

  it('refuses a wrong join token, a heartbeat without credential, and keeps the host id on re-registration', async () => {
    const body = {
      join_token: 'wrong',
      hostname: 'h',
      addr: '127.0.0.1',
      port: agent.port,
      accel: 'tcg',
      capacity: { vcpus: 1, mem_mib: 1, disk_bytes: 1 },
    };
    const bad = await m.app.inject({ method: 'POST', url: '/v1/agent/register', payload: body });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('MVM_ERR_JOIN_TOKEN_INVALID');
    const hb = await m.app.inject({ method: 'POST', url: '/v1/agent/heartbeat', payload: {} });
    expect(hb.statusCode).toBe(401);
    // The admin token is not an agent credential.
    const admin = await m.inject({ method: 'POST', url: '/v1/agent/heartbeat', payload: {} });
    expect(admin.statusCode).toBe(401);
    const again = await registerFakeHost(m.app, agent);
    expect(again.hostId).toBe(hostId);
  });

  it('tails a VM log by vm_id through the agent, and never an arbitrary path', async () => {
    const res = await m.inject({ method: 'GET', url: `/v1/logs/tail?vm_id=${vmId}&lines=2` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ text: 'boot line 2\nkind=console\n' });
    const vm = (await m.inject({ method: 'GET', url: `/v1/vms/${vmId}` })).json().item;
    const byPath = await m.inject({
      method: 'GET',
      url: `/v1/logs/tail?path=${encodeURIComponent(vm.log_path)}`,
    });
    expect(byPath.statusCode).toBe(200);
    const etc = await m.inject({ method: 'GET', url: '/v1/logs/tail?path=/etc/shadow' });
    expect(etc.statusCode).toBe(400);
    expect(etc.json().error).toBe('Invalid path');
    expect((await m.inject({ method: 'GET', url: '/v1/logs/tail' })).statusCode).toBe(400);
  });

  it('streams state changes as server-sent events', async () => {
    await m.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = m.app.server.address() as AddressInfo;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/v1/events`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    // The stream says ": connected" once subscribed; only then act, so the event cannot be missed.
    while (!text.includes(': connected')) text += decoder.decode((await reader.read()).value);
    await m.inject({ method: 'POST', url: `/v1/vms/${vmId}/start`, payload: {} });
    while (!/"to":"running"/.test(text)) text += decoder.decode((await reader.read()).value);
    expect(text).toMatch(/event: vm.state\n/);
    expect(text).toContain(`"resource_id":"${vmId}"`);
    controller.abort();
  });

  it('proxies the shell WebSocket to the agent console ({type, data} and resize)', async () => {
    const { port } = m.app.server.address() as AddressInfo;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/vms/${vmId}/shell/ws?token=${ADMIN_TOKEN}`);
    const messages: Array<{ type: string; data?: string }> = [];
    const waitFor = (pred: (m: { type: string; data?: string }) => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (messages.some(pred)) resolve();
        };
        ws.on('message', (raw) => {
          messages.push(JSON.parse(raw.toString()));
          check();
        });
        check();
      });
    const greeted = waitFor((msg) => msg.type === 'output' && /fake console/.test(msg.data ?? ''));
    await new Promise((resolve) => ws.once('open', resolve));
    await greeted;
    ws.send(JSON.stringify({ type: 'input', data: 'ls\n' }));
    await waitFor((msg) => msg.data === 'echo:ls\n');
    ws.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }));
    await waitFor((msg) => msg.data === 'resized:120x40');
    ws.close();

    const denied = new WebSocket(`ws://127.0.0.1:${port}/v1/vms/${vmId}/shell/ws`);
    const status = await new Promise<number>((resolve) =>
      denied.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);
  });
});
