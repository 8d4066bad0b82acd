// TLS between manager and agents on the real stack: a CA made at first start, a real agent process registered
// over the join token with a certificate, a guest driven and its console reached over verified https/wss; an
// agent serving another CA's certificate is refused, and plain http to a TLS agent fails.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { ManagerApiError } from '@nqvm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateAgentCa } from '../../packages/manager/src/services/agent-ca.js';
import { openShell } from './support/shell.js';
import { type Stack, startStack } from './support/stack.js';
import { waitForVmState } from './support/vms.js';
import { waitFor } from './support/wait.js';

/** GET /health on the agent; resolves the status or rejects with the connection error. */
function health(url: string, ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = url.startsWith('https')
      ? httpsGet(url, { ca, timeout: 10_000 }, (res) => resolve(res.statusCode ?? 0))
      : httpGet(url, { timeout: 10_000 }, (res) => resolve(res.statusCode ?? 0));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

describe('agent TLS (MANAGER_AGENT_TLS=1, NQVM_AGENT_TLS=1)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ hosts: 1, database: 'pglite', agentTls: true });
  });
  afterAll(async () => stack?.stop());

  it('registers the agent with a certificate from the manager CA and drives a guest over verified https', async () => {
    const { client } = stack;
    const host = stack.hosts[0];
    if (!host) throw new Error('no host');
    const hostId = await host.hostId();

    // 1. The CA was made at the manager's first start; its key is private. The agent's key never left
    //    the agent; its certificate is the CA's, for this host id and address.
    const caPem = readFileSync(join(stack.managerDataDir, 'tls', 'ca.crt'), 'utf8');
    expect(statSync(join(stack.managerDataDir, 'tls', 'ca.key')).mode & 0o777).toBe(0o600);
    const agentTls = join(host.dataDir, 'agent', 'tls');
    // Registration marks the host online before the agent has stored its answer.
    await waitFor(
      'the agent to store its certificate',
      () => existsSync(join(agentTls, 'agent.crt')) || undefined,
    );
    expect(statSync(join(agentTls, 'agent.key')).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(readFileSync(join(agentTls, 'agent.crt'), 'utf8'));
    expect(cert.verify(new X509Certificate(caPem).publicKey)).toBe(true);
    expect(cert.subject).toContain(`CN=nqvm-agent-${hostId}`);
    expect(cert.subjectAltName).toBe(`IP Address:${host.addr}`);

    // 2. The agent speaks https only: plain http fails, https against the CA answers.
    const base = `${host.addr}:${host.port}`;
    await expect(health(`http://${base}/health`)).rejects.toThrow();
    expect(await health(`https://${base}/health`, caPem)).toBe(200);
    await expect(health(`https://${base}/health`)).rejects.toThrow(/certificate/);

    // 3. The manager defines, boots and reaches the console of a guest over that link (https, then wss).
    const { id } = await client.vms.create({ name: 'tls-guest', vcpu: 1, mem_mib: 256 });
    await waitForVmState(client, id, 'running');
    const shell = await openShell(client, id);
    await shell.waitForBoot(1);
    expect(await shell.check('hostname')).toBe('tls-guest');
    shell.disconnect();

    // 4. The same agent serving a certificate from another CA (same key, same host id) is refused.
    const stranger = await loadOrCreateAgentCa(join(host.dataDir, '..', 'stranger-ca'));
    const key = createPrivateKey(readFileSync(join(agentTls, 'agent.key'), 'utf8'));
    const foreign = await stranger.issue({
      hostId,
      addr: host.addr,
      publicKeyPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string,
    });
    const goodCert = readFileSync(join(agentTls, 'agent.crt'), 'utf8');
    const goodCa = readFileSync(join(agentTls, 'ca.crt'), 'utf8');
    writeFileSync(join(agentTls, 'agent.crt'), foreign);
    writeFileSync(join(agentTls, 'ca.crt'), stranger.certPem);
    await host.stopAgent();
    await host.startAgent(); // heartbeats go agent → manager; the manager's calls go the other way
    const refused = await client.vms.pause(id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ManagerApiError);
    expect((refused as ManagerApiError).status).toBe(502);
    expect(JSON.stringify((refused as ManagerApiError).body)).toMatch(
      /TLS certificate is not one this manager's CA issued/,
    );
    expect((await client.vms.get(id)).state).toBe('running');

    // 5. Back to its own certificate, the agent is trusted again.
    writeFileSync(join(agentTls, 'agent.crt'), goodCert);
    writeFileSync(join(agentTls, 'ca.crt'), goodCa);
    await host.stopAgent();
    await host.startAgent();
    await client.vms.delete(id);
    expect((await client.vms.list()).items.map((v) => v.id)).not.toContain(id);
  });
});
