// The agent's side of TLS (NQVM_AGENT_TLS=1): its own key, the certificate the manager's CA issued for it, https.
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Server as TlsServer } from 'node:tls';

export interface AgentTls {
  /** SPKI PEM sent at registration; the private key never leaves `<dataDir>/agent/tls/agent.key`. */
  publicKeyPem: string;
  /** Whether a certificate for this key is installed (else the agent must register again). */
  hasCertificate(): boolean;
  /** Stores the manager's answer and serves it from the next handshake on. */
  install(certPem: string, caPem: string): Promise<void>;
}

/**
 * Loads (or makes, 0600) the key and any certificate for it, and gives them to the https server. Until a
 * certificate is installed every handshake fails: nobody but a registered agent's manager calls in.
 */
export async function loadAgentTls(agentDir: string, server: TlsServer): Promise<AgentTls> {
  const dir = join(agentDir, 'tls');
  const keyPath = join(dir, 'agent.key');
  const certPath = join(dir, 'agent.crt');
  const caPath = join(dir, 'ca.crt');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let keyPem = await readFile(keyPath, 'utf8').catch(() => undefined);
  if (!keyPem) {
    keyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    await writeFile(keyPath, keyPem, { mode: 0o600 });
  }
  const key = keyPem;
  let installed = false;

  function serve(certPem: string, caPem: string): boolean {
    // A certificate for another key (the key file was replaced) is useless: register again instead.
    if (!new X509Certificate(certPem).checkPrivateKey(createPrivateKey(key))) return false;
    server.setSecureContext({ key, cert: certPem, ca: caPem });
    installed = true;
    return true;
  }

  const [cert, ca] = await Promise.all(
    [certPath, caPath].map((p) => readFile(p, 'utf8').catch(() => undefined)),
  );
  if (cert && ca) serve(cert, ca);

  return {
    publicKeyPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string,
    hasCertificate: () => installed,
    async install(certPem, caPem) {
      if (!serve(certPem, caPem)) throw new Error('the manager issued a certificate for another key');
      await writeFile(certPath, certPem, { mode: 0o644 });
      await writeFile(caPath, caPem, { mode: 0o644 });
    },
  };
}
