// Agent → manager over TLS on the real stack: a real agent process in a test netns joins the manager's agent
// https listener pinning its CA (NQVM_MANAGER_CA_SHA256), heartbeats and downloads images over it; a wrong pin
// is refused with both fingerprints and registers nothing; plain http to either port gets a clear hint.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/stack.js';
import { waitForVmState } from './support/vms.js';
import { waitFor } from './support/wait.js';

const nqvmBin = fileURLToPath(new URL('../../bin/nqvm', import.meta.url));
const WRONG_PIN = `sha256:${'ab'.repeat(32)}`;

/** GET over https trusting `ca` only (Node's fetch cannot be given a CA). */
function httpsJson(url: string, ca?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpsGet(url, { ca, timeout: 10_000 }, (res) => {
      let text = '';
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

interface Probe {
  port: number;
  dataDir: string;
  log: () => string;
  stop(): Promise<void>;
}

describe('agent → manager over TLS (MANAGER_AGENT_TLS=1, NQVM_MANAGER_CA_SHA256)', () => {
  let stack: Stack;
  const probes: Probe[] = [];
  beforeAll(async () => {
    stack = await startStack({ hosts: 1, database: 'pglite', agentTls: true });
  });
  afterAll(async () => {
    for (const p of probes) await p.stop();
    await stack?.stop();
  });

  /**
   * Another agent process in host 0's namespace, with its own data dir, port, bridge and cgroup name, so it
   * touches nothing of the real agent there. Only its manager link matters to these checks.
   */
  function probe(port: number, env: Record<string, string>): Probe {
    const host = stack.hosts[0];
    if (!host) throw new Error('no host');
    const dataDir = mkdtempSync(join(host.dataDir, '..', `probe-${port}-`));
    let out = '';
    const child: ChildProcess = spawn(
      'nsenter',
      [`--net=/run/netns/${host.netns.name}`, '--', process.execPath, nqvmBin, 'agent'],
      {
        env: {
          PATH: process.env.PATH,
          NQVM_DATA_DIR: dataDir,
          AGENT_PORT: String(port),
          AGENT_HOST: host.addr,
          NQVM_AGENT_ADDR: host.addr,
          NQVM_JOIN_TOKEN: stack.joinToken,
          NQVM_BRIDGE: `prb${port}`,
          NQVM_SUBNET: '192.168.250.0/24',
          NQVM_CGROUP_NAME: `nqvm-probe-${port}`,
          NQVM_ACCEL: 'tcg',
          NQVM_AGENT_TLS: '1',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (c) => {
      out += c;
    });
    child.stderr?.on('data', (c) => {
      out += c;
    });
    const p: Probe = {
      port,
      dataDir,
      log: () => out,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      },
    };
    probes.push(p);
    return p;
  }

  const registeredPorts = async () => (await stack.client.hosts.list()).map((h) => h.port);

  it('joins over https with the pinned CA, heartbeats and fetches images over it', async () => {
    const host = stack.hosts[0];
    if (!host) throw new Error('no host');
    // 1. The agent was given an https URL and the pin the manager wrote beside its CA.
    expect(stack.agentManagerUrl).toMatch(/^https:\/\//);
    const caPem = readFileSync(join(stack.managerDataDir, 'tls', 'ca.crt'), 'utf8');
    expect(readFileSync(join(stack.managerDataDir, 'tls', 'ca.sha256'), 'utf8').trim()).toBe(stack.caPin);
    expect(stack.caPin).toMatch(/^sha256:[0-9a-f]{64}$/);

    // 2. It kept exactly that CA after checking the pin: from now on the only one it trusts.
    const saved = join(host.dataDir, 'agent', 'tls', 'manager-ca.crt');
    expect(readFileSync(saved, 'utf8').trim()).toBe(caPem.trim());

    // 3. The plain listener refuses agent calls outright, so every heartbeat that lands came over TLS.
    const plain = await fetch(`${stack.managerUrl}/v1/agent/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer whatever' },
      body: '{}',
    });
    expect(plain.status).toBe(403);
    expect(await plain.json()).toMatchObject({
      code: 'MVM_ERR_AGENT_HTTPS_REQUIRED',
      suggestion: expect.stringContaining('NQVM_MANAGER_CA_SHA256'),
    });
    const first = (await host.info()).last_heartbeat_at;
    await waitFor('a newer heartbeat', async () => {
      const now = await host.info();
      return now.last_heartbeat_at !== first && now.status === 'online';
    });

    // 4. The https port verifies against the CA for the address dialled, and serves agents only.
    const api = await httpsJson(`${stack.agentManagerUrl}/v1/vms`, caPem);
    expect(api).toMatchObject({ status: 404, body: { code: 'MVM_ERR_AGENT_PORT_ONLY' } });
    expect((await httpsJson(`${stack.agentManagerUrl}/health`, caPem)).status).toBe(200);
    await expect(httpsJson(`${stack.agentManagerUrl}/health`)).rejects.toThrow(/certificate/);

    // 5. A VM's kernel and rootfs come from the manager's image store into the agent's cache, over TLS.
    const { id } = await stack.client.vms.create({ name: 'tls-join-guest', vcpu: 1, mem_mib: 256 });
    await waitForVmState(stack.client, id, 'running');
    const cached = readdirSync(join(host.dataDir, 'images', 'cache')).filter((f) => !f.endsWith('.part'));
    expect(cached.length).toBeGreaterThanOrEqual(2);
    await stack.client.vms.delete(id);
  });

  it('refuses a manager whose CA does not match the pin, naming both, and registers nothing', async () => {
    const p = probe(19191, { NQVM_MANAGER_URL: stack.agentManagerUrl, NQVM_MANAGER_CA_SHA256: WRONG_PIN });
    const line = await waitFor('the probe to refuse the manager', async () =>
      p.log().includes('refusing the manager') ? p.log() : undefined,
    );
    expect(line).toContain(WRONG_PIN);
    expect(line).toContain(stack.caPin as string);
    expect(existsSync(join(p.dataDir, 'agent', 'tls', 'manager-ca.crt'))).toBe(false);
    expect(existsSync(join(p.dataDir, 'agent', 'credential.json'))).toBe(false);
    expect(await registeredPorts()).not.toContain(19191);
    await p.stop();
  });

  it('tells a plain-http agent what to change, on either port', async () => {
    const agentPort = new URL(stack.agentManagerUrl).port;
    const toHttpsPort = probe(19192, {
      NQVM_MANAGER_URL: `http://${new URL(stack.agentManagerUrl).hostname}:${agentPort}`,
    });
    const toPlainPort = probe(19193, { NQVM_MANAGER_URL: stack.managerUrl });
    await waitFor(
      'the hint for http to the https port',
      async () => toHttpsPort.log().includes('closed the connection: if that is the manager') || undefined,
    );
    expect(toHttpsPort.log()).toContain('NQVM_MANAGER_CA_SHA256');
    await waitFor(
      'the manager to refuse agents on its plain port',
      async () => toPlainPort.log().includes('MVM_ERR_AGENT_HTTPS_REQUIRED') || undefined,
    );
    expect(toPlainPort.log()).toContain(`https://<manager>:${agentPort}`);
    expect(await registeredPorts()).not.toContain(19192);
    expect(await registeredPorts()).not.toContain(19193);
  });
});
