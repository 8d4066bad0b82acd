// The agent's TLS files: a private key made once (0600), a certificate only for that key, served after a restart.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgentTls } from './agent-tls.js';

/** A throwaway CA (openssl, as the manager uses) that signs a public key for 127.0.0.1. */
function testCa(dir: string) {
  const key = join(dir, 'ca.key');
  const crt = join(dir, 'ca.crt');
  writeFileSync(
    key,
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  execFileSync('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    key,
    '-subj',
    '/CN=test CA',
    '-days',
    '2',
    '-out',
    crt,
  ]);
  return {
    pem: readFileSync(crt, 'utf8'),
    sign(publicKeyPem: string): string {
      const pub = join(dir, 'agent.pub');
      const ext = join(dir, 'ext.cnf');
      writeFileSync(pub, publicKeyPem);
      writeFileSync(ext, 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
      return execFileSync(
        'openssl',
        [
          'x509',
          '-new',
          '-force_pubkey',
          pub,
          '-subj',
          '/CN=agent',
          '-CA',
          crt,
          '-CAkey',
          key,
          '-days',
          '2',
          '-extfile',
          ext,
        ],
        { encoding: 'utf8' },
      );
    },
  };
}

describe('agent TLS files', () => {
  let dir: string;
  const servers: Server[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nqvm-agent-tls-'));
  });
  afterAll(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes its key once, installs only a certificate for it, and serves it again after a restart', async () => {
    const agentDir = join(dir, 'agent');
    const server = createServer({});
    servers.push(server);
    const tls = await loadAgentTls(agentDir, server);
    expect(statSync(join(agentDir, 'tls', 'agent.key')).mode & 0o777).toBe(0o600);
    expect(tls.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(tls.hasCertificate()).toBe(false);

    const ca = testCa(dir);
    // A certificate for someone else's key is refused and nothing is stored.
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
    await expect(tls.install(ca.sign(otherKey), ca.pem)).rejects.toThrow(/another key/);
    expect(tls.hasCertificate()).toBe(false);

    await tls.install(ca.sign(tls.publicKeyPem), ca.pem);
    expect(tls.hasCertificate()).toBe(true);

    // 2. A restart: same key (not regenerated), certificate picked up from disk.
    const keyBefore = readFileSync(join(agentDir, 'tls', 'agent.key'), 'utf8');
    const again = await loadAgentTls(agentDir, createServer({}));
    expect(again.hasCertificate()).toBe(true);
    expect(readFileSync(join(agentDir, 'tls', 'agent.key'), 'utf8')).toBe(keyBefore);
    expect(createPrivateKey(keyBefore).asymmetricKeyType).toBe('ec');
  });
});
