// The manager's certificate authority for agents (MANAGER_AGENT_TLS=1): made at the first start, it signs each
// registering agent's public key, and the manager trusts an agent only with a certificate it issued.
//
// Node 20's crypto makes keys and verifies certificates but cannot sign one. Rather than a new npm
// dependency (node-forge: RSA-only in pure JS, a CVE history; @peculiar/x509: a dozen packages), the
// two signing steps shell out to `openssl` (Debian's `openssl` package, installed by scripts/setup.mjs),
// with fixed arguments and files in a private directory. Keys are always made by Node.
import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { agentCommonName } from '../agent/agent-tls.js';
import { errors } from '../errors.js';

const run = promisify(execFile);

export interface AgentCa {
  /** PEM of the CA certificate: what the manager verifies agents against, and what agents keep. */
  certPem: string;
  certPath: string;
  keyPath: string;
  /** `sha256:<hex>` of the CA certificate (DER): what a new agent pins (NQVM_MANAGER_CA_SHA256). */
  fingerprint: string;
  /** A certificate for an agent's public key, naming its host id (CN) and address (SAN). */
  issue(input: { hostId: string; addr: string; publicKeyPem: string }): Promise<string>;
  /** A fresh key and certificate for the manager's own agent-facing https listener, for these names. */
  issueServer(names: string[]): Promise<{ keyPem: string; certPem: string }>;
}

/** `sha256:<lowercase hex>` of a certificate's DER bytes (the form kubeadm's discovery hash uses). */
export function certFingerprint(pem: string): string {
  return `sha256:${new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase()}`;
}

const sanOf = (name: string): string => (isIP(name) ? `IP:${name}` : `DNS:${name}`);

const CA_DAYS = '3650';
const AGENT_DAYS = '825';
/** The manager's listener certificate is made anew at every start: agents trust the CA, not this. */
const SERVER_DAYS = '825';
/** What may go into a certificate's SAN: an IP or a DNS name, nothing that could add an extension line. */
const SAFE_ADDR = /^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$/;

async function openssl(args: string[]): Promise<string> {
  try {
    return (await run('openssl', args, { encoding: 'utf8', timeout: 30_000 })).stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error('MANAGER_AGENT_TLS=1 needs the openssl command (apt-get install openssl)');
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Loads `<dataDir>/tls/ca.{key,crt}`, making them on the first start (key 0600, never rewritten). */
export async function loadOrCreateAgentCa(dataDir: string): Promise<AgentCa> {
  const dir = join(dataDir, 'tls');
  const keyPath = join(dir, 'ca.key');
  const certPath = join(dir, 'ca.crt');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let certPem = await readFile(certPath, 'utf8').catch(() => undefined);
  if (!certPem) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    // 'wx': a key already there (a start cut off before the certificate) is never overwritten.
    await writeFile(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    await openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      keyPath,
      '-subj',
      '/O=nqvm/CN=nqvm agent CA',
      '-days',
      CA_DAYS,
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      certPath,
    ]);
    certPem = await readFile(certPath, 'utf8');
  }
  const caPem = certPem;
  // For whoever sets up agents: the value of NQVM_MANAGER_CA_SHA256, next to the certificate it names.
  await writeFile(join(dir, 'ca.sha256'), `${certFingerprint(caPem)}\n`, { mode: 0o644 });

  /** openssl signs a server-auth certificate for a public key; files live in a private temp dir. */
  async function sign(publicKeyPem: string, subject: string, sans: string[], days: string): Promise<string> {
    const work = await mkdtemp(join(tmpdir(), 'nqvm-ca-'));
    try {
      const pub = join(work, 'subject.pub');
      const ext = join(work, 'ext.cnf');
      await writeFile(pub, publicKeyPem, { mode: 0o600 });
      await writeFile(
        ext,
        [
          'basicConstraints=critical,CA:FALSE',
          'keyUsage=critical,digitalSignature',
          'extendedKeyUsage=serverAuth',
          `subjectAltName=${sans.join(',')}`,
        ].join('\n'),
        { mode: 0o600 },
      );
      const pem = await openssl([
        'x509',
        '-new',
        '-force_pubkey',
        pub,
        '-subj',
        subject,
        '-CA',
        certPath,
        '-CAkey',
        keyPath,
        '-days',
        days,
        '-extfile',
        ext,
      ]);
      // Belt and braces: what we hand out must verify against what we trust.
      if (!new X509Certificate(pem).verify(new X509Certificate(caPem).publicKey)) {
        throw new Error('issued certificate does not verify against the CA');
      }
      return pem;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  return {
    fingerprint: certFingerprint(caPem),
    certPem: caPem,
    certPath,
    keyPath,
    async issue({ hostId, addr, publicKeyPem }) {
      try {
        // createPublicKey would also derive one from a private key: take nothing but an SPKI PEM.
        if (!publicKeyPem.trimStart().startsWith('-----BEGIN PUBLIC KEY-----'))
          throw new Error('not an SPKI PEM');
        createPublicKey(publicKeyPem);
      } catch (err) {
        throw errors.VALIDATION({}, `tls_public_key is not a PEM public key: ${(err as Error).message}`);
      }
      if (!SAFE_ADDR.test(addr))
        throw errors.VALIDATION({}, `addr '${addr}' cannot be named in a certificate`);
      return sign(publicKeyPem, `/O=nqvm/CN=${agentCommonName(hostId)}`, [sanOf(addr)], AGENT_DAYS);
    },
    async issueServer(names) {
      const bad = names.find((n) => !isIP(n) && !SAFE_ADDR.test(n));
      if (bad) throw new Error(`MANAGER_TLS_SAN: '${bad}' cannot be named in a certificate`);
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const certPem = await sign(
        publicKey.export({ type: 'spki', format: 'pem' }) as string,
        '/O=nqvm/CN=nqvm manager',
        [...new Set(names)].map(sanOf),
        SERVER_DAYS,
      );
      return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certPem };
    },
  };
}
