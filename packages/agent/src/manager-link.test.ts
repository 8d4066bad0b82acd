// Agent ↔ manager: registration stores the credential 0600, heartbeats carry the inventory, images come verified.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH, createTestHost, type TestHost, waitFor } from './agent.test-support.js';
import { startManagerLink } from './manager-link.js';

describe('manager link', () => {
  let host: TestHost;
  let manager: FastifyInstance;
  let url: string;
  let up = true;
  let refused = 0;
  const heartbeats: { auth?: string; body: { host_id: string; vms: { id: string; state: string }[] } }[] = [];
  const image = Buffer.from('kernel bytes served by the manager');
  const sha = createHash('sha256').update(image).digest('hex');

  beforeEach(async () => {
    host = await createTestHost();
    heartbeats.length = 0;
    up = true;
    manager = Fastify();
    manager.addHook('onRequest', async (_req, reply) => {
      if (!up) {
        refused += 1;
        return reply.code(503).send({ error: 'down' });
      }
    });
    manager.post('/v1/agent/register', async (req) => {
      expect(req.body).toMatchObject({
        join_token: 'join-me',
        port: expect.any(Number),
        accel: expect.any(String),
      });
      return { host_id: 'host-1', credential: 'cred-from-manager' };
    });
    manager.post('/v1/agent/heartbeat', async (req) => {
      heartbeats.push({ auth: req.headers.authorization, body: req.body as never });
      return { ok: true };
    });
    manager.get('/v1/agent/images/:id/content', async (req, reply) => {
      if (req.headers.authorization !== 'Bearer cred-from-manager') return reply.code(401).send();
      return reply.send((req.params as { id: string }).id === 'bad' ? Buffer.from('tampered') : image);
    });
    url = await manager.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await host.cleanup();
    await manager.close();
  });

  it('registers, stores the credential 0600, heartbeats with the inventory, and keeps trying while the manager is away', async () => {
    const agent = await host.agent({ managerUrl: url, joinToken: 'join-me', heartbeatMs: 100 });
    await agent.app.inject({ method: 'PUT', url: '/v1/vms/vm1', headers: AUTH, payload: host.spec() });
    up = false;
    const link = startManagerLink(agent.ctx, {
      capacity: agent.services.capacity,
      usage: agent.services.usage,
      vms: async () => (await agent.services.records()).map((r) => ({ id: r.id, state: r.state })),
    });
    try {
      // The manager is down first: the attempt is refused, nothing is stored, the link retries.
      await waitFor('a refused registration', async () => refused > 0);
      expect(await agent.ctx.credentials.load()).toBeUndefined();
      up = true;
      await link.connected;
      const stored = await agent.ctx.credentials.load();
      expect(stored).toEqual({ host_id: 'host-1', credential: 'cred-from-manager' });
      expect((await stat(agent.ctx.paths.credentialFile)).mode & 0o777).toBe(0o600);
      expect(heartbeats[0]).toMatchObject({
        auth: 'Bearer cred-from-manager',
        body: { host_id: 'host-1', vms: [{ id: 'vm1', state: 'stopped' }] },
      });
      // The credential now opens the agent's own API too.
      const res = await agent.app.inject({
        url: '/v1/vms',
        headers: { authorization: 'Bearer cred-from-manager' },
      });
      expect(res.statusCode).toBe(200);
      const count = heartbeats.length;
      await waitFor('another heartbeat', async () => heartbeats.length > count);
    } finally {
      link.stop();
    }
  });

  it('downloads a missing image once, verifies its sha256, and refuses a tampered one', async () => {
    const agent = await host.agent({ managerUrl: url });
    agent.ctx.credential.value = 'cred-from-manager';
    const kernel = { image_id: 'k1', sha256: sha, size_bytes: image.length };
    const res = await agent.app.inject({
      method: 'PUT',
      url: '/v1/vms/vm1',
      headers: AUTH,
      payload: host.spec({ kernel }),
    });
    expect(res.statusCode).toBe(200);
    expect(await readFile(`${agent.ctx.paths.imageCacheDir}/${sha}`)).toEqual(image);

    const bad = { image_id: 'bad', sha256: 'b'.repeat(64), size_bytes: 8 };
    const res2 = await agent.app.inject({
      method: 'PUT',
      url: '/v1/vms/vm2',
      headers: AUTH,
      payload: host.spec({ kernel: bad }),
    });
    expect(res2.statusCode).toBe(502);
    expect(res2.json().code).toBe('AGT_ERR_IMAGE_CHECKSUM');
    expect((await agent.app.inject({ url: '/v1/vms/vm2', headers: AUTH })).statusCode).toBe(404);
  });
});
