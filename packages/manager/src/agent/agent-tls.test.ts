// Agent TLS on the manager side: the CA made at first start, certificates at registration, and who the client trusts.
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentCa, loadOrCreateAgentCa } from '../services/agent-ca.js';
import {
  createTestManager,
  describeEachDatabase,
  JOIN_TOKEN,
  type TestManager,
} from '../testing/test-manager.js';
import { AgentError, createHttpAgentClient } from './http-agent-client.js';

const HOST_ID = '11111111-1111-4111-8111-111111111111';

function agentKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

/** An https "agent" on 127.0.0.1 serving `/v1/info` with the given certificate. */
async function fakeTlsAgent(keyPem: string, certPem: string): Promise<{ server: Server; port: number }> {
  const server = createHttpsServer({ key: keyPem, cert: certPem }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ host_id: HOST_ID, hostname: 'tls-agent' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('agent CA', () => {
  let dir: string;
  let otherDir: string;
  let ca: AgentCa;
  let otherCa: AgentCa;
  const servers: Server[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nqvm-ca-'));
    otherDir = mkdtempSync(join(tmpdir(), 'nqvm-ca-other-'));
    ca = await loadOrCreateAgentCa(dir);
    otherCa = await loadOrCreateAgentCa(otherDir);
  });
  afterAll(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(otherDir, { recursive: true, force: true });
  });

  it('is made once at the first start: a private key (0600) and a CA certificate', async () => {
    expect(statSync(ca.keyPath).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect((await loadOrCreateAgentCa(dir)).certPem).toBe(ca.certPem);
    expect(otherCa.certPem).not.toBe(ca.certPem);
  });

  it('issues a certificate for an agent key naming its host id and address, signed by the CA', async () => {
    const { publicKeyPem } = agentKey();
    const cert = new X509Certificate(await ca.issue({ hostId: HOST_ID, addr: '10.1.2.3', publicKeyPem }));
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.verify(new X509Certificate(otherCa.certPem).publicKey)).toBe(false);
    expect(cert.subject).toContain(`CN=nqvm-agent-${HOST_ID}`);
    expect(cert.subjectAltName).toBe('IP Address:10.1.2.3');
    expect(cert.ca).toBe(false);
    expect(cert.publicKey.export({ type: 'spki', format: 'pem' })).toBe(
      createPublicKey(publicKeyPem).export({ type: 'spki', format: 'pem' }),
    );
  });

  it('refuses a key that is not a public key and an address that cannot be named, with a 400', async () => {
    for (const [publicKeyPem, addr] of [
      ['not a key', '10.0.0.1'],
      [agentKey().keyPem, '10.0.0.1'],
      [agentKey().publicKeyPem, 'a,DNS:evil.example'],
      [agentKey().publicKeyPem, 'host\nsubjectAltName=DNS:x'],
    ] as const) {
      const err = await ca.issue({ hostId: HOST_ID, addr, publicKeyPem }).catch((e) => e);
      expect(err.status, `${addr}`).toBe(400);
    }
  });

  it('calls an agent whose certificate this CA issued for that host, and refuses every other one clearly', async () => {
    const good = agentKey();
    const a = await fakeTlsAgent(
      good.keyPem,
      await ca.issue({ hostId: HOST_ID, addr: '127.0.0.1', publicKeyPem: good.publicKeyPem }),
    );
    const stranger = agentKey();
    const b = await fakeTlsAgent(
      stranger.keyPem,
      await otherCa.issue({ hostId: HOST_ID, addr: '127.0.0.1', publicKeyPem: stranger.publicKeyPem }),
    );
    const other = agentKey();
    const otherHostId = '22222222-2222-4222-8222-222222222222';
    const c = await fakeTlsAgent(
      other.keyPem,
      await ca.issue({ hostId: otherHostId, addr: '127.0.0.1', publicKeyPem: other.publicKeyPem }),
    );
    servers.push(a.server, b.server, c.server);
    const client = (port: number, tls = true) =>
      createHttpAgentClient(
        { hostId: HOST_ID, baseUrl: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, credential: 'c' },
        tls ? { tls: { ca: ca.certPem } } : {},
      );

    // 1. Ours, for this host: answers.
    expect((await client(a.port).info()).hostname).toBe('tls-agent');
    // 2. A certificate from another CA: refused, and the message says it is the certificate.
    const foreign = (await client(b.port)
      .info()
      .catch((e) => e)) as AgentError;
    expect(foreign).toBeInstanceOf(AgentError);
    expect(foreign.message).toMatch(/TLS certificate is not one this manager's CA issued/);
    // 3. Our CA, but another host's certificate at this address: refused by the host-id check.
    const swapped = (await client(c.port)
      .info()
      .catch((e) => e)) as AgentError;
    expect(swapped.message).toMatch(/not host 11111111/);
    // 4. Plain http to a TLS agent fails, and says what to do.
    const plain = (await client(a.port, false)
      .info()
      .catch((e) => e)) as AgentError;
    expect(plain).toBeInstanceOf(AgentError);
    expect(plain.message).toMatch(/MANAGER_AGENT_TLS=1/);
  });
});

describeEachDatabase('registration with MANAGER_AGENT_TLS=1', (db) => {
  let m: TestManager;
  beforeAll(async () => {
    m = await createTestManager(db, { agentTls: true });
  });
  afterAll(async () => m?.close());

  const register = (extra: object) =>
    m.app.inject({
      method: 'POST',
      url: '/v1/agent/register',
      payload: {
        join_token: JOIN_TOKEN,
        hostname: 'tls-host',
        addr: '10.9.8.7',
        port: 19090,
        accel: 'tcg',
        capacity: { vcpus: 2, mem_mib: 2048, disk_bytes: 1e10 },
        ...extra,
      },
    });

  it('refuses an agent without a key (it could not be called), registering nothing', async () => {
    const res = await register({});
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'MVM_ERR_AGENT_TLS_REQUIRED',
      suggestion: expect.stringMatching(/NQVM_AGENT_TLS=1/),
    });
    expect((await m.inject({ method: 'GET', url: '/v1/hosts' })).json().items).toEqual([]);
  });

  it('answers the agent its certificate and the CA, made in the data dir at first start', async () => {
    const res = await register({ tls_public_key: agentKey().publicKeyPem });
    expect(res.statusCode, res.body).toBe(200);
    const { host_id, tls } = res.json() as { host_id: string; tls: { cert: string; ca: string } };
    const cert = new X509Certificate(tls.cert);
    expect(cert.subject).toContain(`CN=nqvm-agent-${host_id}`);
    expect(cert.verify(new X509Certificate(tls.ca).publicKey)).toBe(true);
    expect(statSync(join(m.dataDir, 'tls', 'ca.key')).mode & 0o777).toBe(0o600);
    const garbage = await register({ tls_public_key: 'garbage' });
    expect(garbage.statusCode).toBe(400);
  });
});
