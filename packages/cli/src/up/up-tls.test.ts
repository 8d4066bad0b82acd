// `nqvm up --tls`: the children's environments, and the real manager + local agent `nqvm up` would start, run
// in a test network namespace: the agent joins over https with the CA pinned; the API port stays plain http.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateAgentCa } from '@nqvm/manager';
import { createNetns, type TempDir, type TestNetns, tempDir } from '@nqvm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nqvmBin } from '../cli.test-support.js';
import { type Supervisor, supervise } from './supervisor.js';
import { tlsRequested, upChildren } from './up-children.js';

const PIN = `sha256:${'0'.repeat(64)}`;
const base = { dataDir: '/d', joinToken: 'j', nqvmBin: '/bin/nqvm', nodePath: '/usr/bin/node' };
const envOf = (children: ReturnType<typeof upChildren>, name: string) =>
  children.find((c) => c.name === name)?.env ?? {};

describe('nqvm up: what it starts', () => {
  it('has one switch for TLS: --tls or NQVM_TLS=1', () => {
    expect(tlsRequested(['--tls'], {})).toBe(true);
    expect(tlsRequested([], { NQVM_TLS: '1' })).toBe(true);
    expect(tlsRequested(['--no-web'], { NQVM_TLS: '0' })).toBe(false);
  });

  it('without TLS: the agent joins the API port over http, as before', () => {
    const children = upChildren({ ...base, env: {} });
    expect(envOf(children, 'manager')).not.toHaveProperty('MANAGER_AGENT_TLS');
    expect(envOf(children, 'agent')).toMatchObject({ NQVM_MANAGER_URL: 'http://127.0.0.1:18080' });
    expect(envOf(children, 'agent')).not.toHaveProperty('NQVM_MANAGER_CA_SHA256');
  });

  it('with TLS: manager and agent wired for https with the pin; the web still reaches the plain API port', () => {
    const env = { MANAGER_PORT: '18181', MANAGER_AGENT_TLS_PORT: '18444', WEB_PORT: '3100' };
    const children = upChildren({ ...base, env, caPin: PIN, web: { next: '/next', dir: '/web' } });
    expect(envOf(children, 'manager')).toMatchObject({
      MANAGER_AGENT_TLS: '1',
      MANAGER_AGENT_TLS_PORT: '18444',
    });
    expect(envOf(children, 'agent')).toMatchObject({
      NQVM_AGENT_TLS: '1',
      NQVM_MANAGER_URL: 'https://127.0.0.1:18444',
      NQVM_MANAGER_CA_SHA256: PIN,
      NQVM_JOIN_TOKEN: 'j',
    });
    const web = children.find((c) => c.name === 'web');
    expect(web?.env).toMatchObject({ MANAGER_URL: 'http://127.0.0.1:18181' });
    expect(web?.args).toEqual(['start', '/web', '-p', '3100']);
  });
});

describe('nqvm up --tls: the real manager and agent in a test namespace', () => {
  let netns: TestNetns;
  let dir: TempDir;
  let sup: Supervisor | undefined;
  const admin = 'up-tls-admin-token';

  beforeAll(async () => {
    netns = await createNetns({ subnet: '192.168.231' });
    dir = await tempDir('nqvm-up-tls-');
  });
  afterAll(async () => {
    await sup?.stop();
    await netns?.destroy();
    await dir?.cleanup();
  });

  /** Runs a short node script in the namespace, where the manager's ports are. */
  async function inNetns(script: string): Promise<string> {
    const res = await netns.exec(process.execPath, ['-e', script], { timeoutMs: 20_000 });
    if (res.code !== 0) throw new Error(res.stderr);
    return res.stdout;
  }

  it('the local agent registers over https with the pinned CA; the API answers on plain http', async () => {
    // 1. What upCommand does: make the CA first, then plan the children with its pin.
    const caPin = (await loadOrCreateAgentCa(dir.path)).fingerprint;
    const children = upChildren({
      dataDir: dir.path,
      joinToken: 'up-tls-join',
      nqvmBin,
      nodePath: process.execPath,
      env: {},
      caPin,
    });
    // 2. Run them as the supervisor would, each inside the namespace (its own 18080/18443, no route out).
    sup = supervise(
      children.map((c) => ({
        ...c,
        command: 'nsenter',
        args: [`--net=/run/netns/${netns.name}`, '--', c.command, ...c.args],
        env: {
          ...c.env,
          NQVM_ADMIN_TOKEN: admin,
          LOG_LEVEL: 'warn',
          NQVM_LOG_LEVEL: 'warn',
          NQVM_ACCEL: 'tcg',
          NQVM_SUBNET: '192.168.232.0/24',
          NQVM_CGROUP_NAME: 'nqvm-up-tls-test',
          NQVM_IMAGE_ROOT: dir.path,
          MANAGER_IMAGE_ROOT: dir.path,
        },
      })),
    );

    // 3. The agent registered: credential stored, the manager's CA saved after the pin matched.
    const agentDir = join(dir.path, 'agent');
    const hosts = async () =>
      inNetns(
        `fetch('http://127.0.0.1:18080/v1/hosts',{headers:{authorization:'Bearer ${admin}'}}).then(r=>r.text()).then(t=>process.stdout.write(t),()=>process.stdout.write('{}'))`,
      );
    let list: { items?: Array<{ status: string }> } = {};
    for (let i = 0; i < 300 && !list.items?.some((h) => h.status === 'online'); i++) {
      await new Promise((r) => setTimeout(r, 200));
      list = JSON.parse((await hosts()) || '{}');
    }
    expect(list.items?.map((h) => h.status)).toEqual(['online']);
    expect(existsSync(join(agentDir, 'credential.json'))).toBe(true);
    expect(readFileSync(join(agentDir, 'tls', 'manager-ca.crt'), 'utf8').trim()).toBe(
      readFileSync(join(dir.path, 'tls', 'ca.crt'), 'utf8').trim(),
    );

    // 4. The plain API port (what the web's proxy and the CLI use) still serves the API, but no agents.
    const health = await inNetns(
      `fetch('http://127.0.0.1:18080/health').then(r=>process.stdout.write(String(r.status)))`,
    );
    expect(health).toBe('200');
    const refused = await inNetns(
      `fetch('http://127.0.0.1:18080/v1/agent/heartbeat',{method:'POST',headers:{'content-type':'application/json'},body:'{}'}).then(r=>r.json()).then(b=>process.stdout.write(b.code))`,
    );
    expect(refused).toBe('MVM_ERR_AGENT_HTTPS_REQUIRED');
  });
});
