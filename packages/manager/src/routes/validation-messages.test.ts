// A refused field says what it is: each resource's bad name names that resource, and Writethrough is refused with what to use.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeAgent } from '../testing/fake-agent.js';
import {
  createTestManager,
  describeEachDatabase,
  registerFakeHost,
  type TestManager,
} from '../testing/test-manager.js';

const MISSING = '00000000-0000-4000-8000-000000000000';
const LABEL_RULE =
  "must be 3-64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit";

describeEachDatabase('validation messages', (db) => {
  let m: TestManager;
  let agent: FakeAgent;
  let kernel: string;
  let rootfs: string;
  let vmId: string;

  async function image(kind: string, name: string): Promise<string> {
    const path = join(m.imageRoot, name);
    writeFileSync(path, name);
    const res = await m.inject({
      method: 'POST',
      url: '/v1/images',
      payload: { kind, name, host_path: path },
    });
    return res.json().id;
  }

  beforeAll(async () => {
    m = await createTestManager(db);
    ({ agent } = await registerFakeHost(m.app));
    kernel = await image('kernel', 'k-msg');
    rootfs = await image('rootfs', 'r-msg');
    const spec = { vcpu: 1, mem_mib: 256, kernel_image_id: kernel, rootfs_image_id: rootfs };
    vmId = (
      await m.inject({ method: 'POST', url: '/v1/vms', payload: { name: 'msg-vm', ...spec, start: false } })
    ).json().id;
  });
  afterAll(async () => {
    await m?.close();
    await agent?.close();
  });

  /** Every listed collection, to prove a refused request changed nothing. */
  const counts = async () => {
    const urls = [
      '/v1/vms',
      '/v1/templates',
      '/v1/images',
      '/v1/users',
      '/v1/tokens',
      `/v1/vms/${vmId}/snapshots`,
    ];
    const out: Record<string, number> = {};
    for (const url of urls) out[url] = (await m.inject({ method: 'GET', url })).json().items.length;
    return out;
  };

  it.each([
    ['VM', 'POST', '/v1/vms', { name: 'a b', vcpu: 1, mem_mib: 256 }],
    ['VM', 'POST', `/v1/templates/${MISSING}/instantiate`, { name: 'x' }],
    ['template', 'POST', '/v1/templates', { name: 'x', spec: { vcpu: 1, mem_mib: 256 } }],
    ['template', 'PATCH', `/v1/templates/${MISSING}`, { name: '-leading-dash' }],
    ['image', 'POST', '/v1/images', { kind: 'data', name: 'a b', host_path: '/x' }],
    ['image', 'POST', '/v1/images/import', { kind: 'data', name: '..', url: 'http://127.0.0.1/x' }],
    ['project', 'POST', '/v1/images', { kind: 'data', name: 'fine-name', host_path: '/x', project: 'p' }],
    ['volume', 'POST', '/v1/images/volumes', { name: 'no spaces please', size_bytes: 4096 }],
    ['snapshot', 'POST', `/v1/vms/${MISSING}/snapshots`, { name: 'x' }],
    ['user', 'POST', '/v1/users', { username: '-olga', password: 'correct horse battery', role: 'viewer' }],
    ['token', 'POST', '/v1/tokens', { name: '', role: 'viewer' }],
  ] as const)('names the %s in a bad name (%s %s)', async (noun, method, url, payload) => {
    // The MISSING ids prove the order too: the name is refused before anything is looked up.
    const before = await counts();
    const res = await m.inject({ method, url, payload });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    if (noun === 'VM') {
      expect(body).toMatchObject({
        error: 'Invalid VM name',
        suggestion: 'VM name must be 3-64 characters, alphanumeric + hyphens',
        code: 'MVM_ERR_INVALID_VM_NAME',
      });
    } else {
      expect(body).toMatchObject({ error: `Invalid ${noun} name`, code: 'MVM_ERR_INVALID_NAME' });
      const Noun = `${noun[0]?.toUpperCase()}${noun.slice(1)}`;
      expect(body.suggestion).toMatch(new RegExp(`^${Noun} name must be \\d+-\\d+ characters`));
      expect(body.error).not.toMatch(/VM/);
    }
    expect(body.fault_message).toMatch(/^Validation failed: body\/(name|username|project) /);
    expect(await counts()).toEqual(before);
  });

  it('names the image in a bad upload name (query string)', async () => {
    const res = await m.inject({
      method: 'POST',
      url: '/v1/images/upload?kind=data&name=a%20b',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('data'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'Invalid image name',
      suggestion: `Image name ${LABEL_RULE}`,
      code: 'MVM_ERR_INVALID_NAME',
    });
    expect(res.json().fault_message).toMatch(/querystring\/name/);
  });

  it('keeps the generic answer for fields that are not names', async () => {
    const res = await m.inject({
      method: 'POST',
      url: '/v1/templates',
      payload: { name: 'fine-name', spec: {} },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'Invalid request', code: 'MVM_ERR_VALIDATION' });
  });

  it('refuses cache_type Writethrough before anything reaches the agent, and takes Writeback', async () => {
    const drives = async () =>
      (await m.inject({ method: 'GET', url: `/v1/vms/${vmId}/drives` }))
        .json()
        .items.map((d: { drive_id: string }) => d.drive_id);
    const before = await drives();
    const agentCalls = agent.calls.length;
    const refused = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/drives`,
      payload: { drive_id: 'wt', size_bytes: 4096, cache_type: 'Writethrough' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: "Drive cache type 'Writethrough' is not supported (Firecracker has Unsafe and Writeback only)",
      suggestion:
        "Use Writeback (the guest's flushes reach the disk) or Unsafe (fastest; flushes are not passed on)",
      code: 'MVM_ERR_DRIVE_CACHE_TYPE_UNSUPPORTED',
    });
    expect(refused.json().fault_message).toMatch(
      /body\/cache_type must be equal to one of the allowed values/,
    );
    expect(await drives()).toEqual(before);
    expect(agent.calls.length).toBe(agentCalls);

    const writeback = await m.inject({
      method: 'POST',
      url: `/v1/vms/${vmId}/drives`,
      payload: { drive_id: 'wb', size_bytes: 4096, cache_type: 'Writeback' },
    });
    expect(writeback.statusCode, writeback.body).toBe(200);
    expect(writeback.json()).toMatchObject({ drive_id: 'wb', cache_type: 'Writeback' });
    expect(agent.calls.at(-1)).toMatchObject({
      method: 'PUT',
      body: { drive_id: 'wb', cache_type: 'Writeback' },
    });
  });

  it('documents the refusal in the OpenAPI schema: only the values the server takes', async () => {
    const doc = (await m.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    expect(JSON.stringify(doc)).not.toContain('Writethrough');
    expect(JSON.stringify(doc)).toContain('"title":"Template name"');
  });
});
