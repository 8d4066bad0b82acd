// Agent → manager over https (MANAGER_AGENT_TLS=1): on first contact the manager's CA is read from the TLS
// handshake and accepted only if its SHA-256 matches NQVM_MANAGER_CA_SHA256 (kubeadm's discovery hash);
// it is then saved and is the only CA trusted for registration, heartbeats and image downloads.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { connect, type DetailedPeerCertificate } from 'node:tls';

export type ManagerFetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<Response>;

/** `sha256:<lowercase hex>`, from a pin written with or without the prefix or colons. */
export function normalizePin(pin: string): string {
  const hex = pin
    .trim()
    .replace(/^sha256:/i, '')
    .replaceAll(':', '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new Error(`NQVM_MANAGER_CA_SHA256: '${pin}' is not a SHA-256 (want sha256:<64 hex digits>)`);
  return `sha256:${hex}`;
}

const fingerprintOf = (der: Buffer): string => `sha256:${createHash('sha256').update(der).digest('hex')}`;

/** The last certificate of the chain the server presented: its CA, when it sends one (the manager does). */
function presentedRoot(url: URL, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = connect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      // Nothing is sent on this connection: it only reads the chain, which the pin then judges.
      rejectUnauthorized: false,
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      let cert = socket.getPeerCertificate(true) as DetailedPeerCertificate;
      while (cert.issuerCertificate && cert.issuerCertificate !== cert && cert.issuerCertificate.raw)
        cert = cert.issuerCertificate;
      socket.end();
      if (!cert.raw) reject(new Error('the manager presented no certificate'));
      else resolve(cert.raw);
    });
  });
}

function headersOf(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) for (const one of v) headers.append(k, one);
    else if (v !== undefined) headers.set(k, v);
  }
  return headers;
}

/** A connection failure in words that say what to fix. */
export function explainManagerError(err: Error, url: string): Error {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const cause = (err as Error & { cause?: NodeJS.ErrnoException }).cause;
  const words = `${code} ${err.message} ${cause?.code ?? ''} ${cause?.message ?? ''}`;
  if (url.startsWith('https:') && /wrong version number|EPROTO|packet length too long/i.test(words))
    return new Error(
      `${url} does not speak TLS: that is likely the manager's plain port; agents use its https port (MANAGER_AGENT_TLS_PORT, default 18443) (${err.message})`,
    );
  if (url.startsWith('https:') && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|altnames|Hostname/i.test(words))
    return new Error(
      `the manager's certificate at ${url} does not verify against its saved CA, or does not name that host (add it to MANAGER_TLS_SAN) (${code || err.message})`,
    );
  if (url.startsWith('http:') && /ECONNRESET|UND_ERR_SOCKET|other side closed|socket hang up/i.test(words))
    return new Error(
      `${url} closed the connection: if that is the manager's agent https port, use NQVM_MANAGER_URL=https://… with NQVM_MANAGER_CA_SHA256 (${err.message})`,
    );
  return err;
}

/**
 * The agent's way to the manager. For an http URL, plain fetch (a pin there is a mistake, refused). For
 * https, a fetch that trusts only the manager's CA, learnt on first use as described above and kept in
 * `<agentDir>/tls/manager-ca.crt`.
 */
export function createManagerFetch(options: {
  managerUrl: string | undefined;
  agentDir: string;
  pin: string | undefined;
}): ManagerFetch {
  const pin = options.pin ? normalizePin(options.pin) : undefined;
  if (!options.managerUrl?.startsWith('https:')) {
    if (pin)
      throw new Error(
        `NQVM_MANAGER_CA_SHA256 is set but NQVM_MANAGER_URL (${options.managerUrl ?? 'unset'}) is not https: use https://<manager>:18443`,
      );
    return (url, init) => fetch(url, init);
  }
  const base = new URL(options.managerUrl);
  const caPath = join(options.agentDir, 'tls', 'manager-ca.crt');
  let ca: string | undefined;

  async function trustedCa(): Promise<string> {
    if (ca) return ca;
    const saved = await readFile(caPath, 'utf8').catch(() => undefined);
    if (saved) {
      const have = fingerprintOf(Buffer.from(new X509Certificate(saved).raw));
      if (pin && have !== pin)
        throw new Error(
          `the saved manager CA (${caPath}) is ${have}, but NQVM_MANAGER_CA_SHA256 pins ${pin}: remove the file to trust the pinned one`,
        );
      ca = saved;
      return ca;
    }
    if (!pin)
      throw new Error(
        `NQVM_MANAGER_URL is https but this agent has no manager CA yet: set NQVM_MANAGER_CA_SHA256 (the manager prints it; <dataDir>/tls/ca.sha256 on the manager)`,
      );
    const der = await presentedRoot(base, 10_000).catch((err: Error) => {
      throw explainManagerError(err, base.href);
    });
    const got = fingerprintOf(der);
    if (got !== pin)
      throw new Error(
        `refusing the manager at ${base.origin}: its CA is ${got}, but NQVM_MANAGER_CA_SHA256 pins ${pin} (a different manager, or someone in between)`,
      );
    const cert = new X509Certificate(der);
    if (!cert.ca) throw new Error(`the manager at ${base.origin} presented no CA certificate in its chain`);
    await mkdir(join(options.agentDir, 'tls'), { recursive: true, mode: 0o700 });
    await writeFile(caPath, cert.toString(), { mode: 0o644 });
    ca = cert.toString();
    return ca;
  }

  return async (url, init = {}) => {
    const trusted = await trustedCa();
    return new Promise<Response>((resolve, reject) => {
      const body = init.body;
      const req = request(
        url,
        {
          method: init.method ?? 'GET',
          headers: {
            ...init.headers,
            ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
          },
          ca: trusted,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const stream = status === 204 || status === 304 ? null : Readable.toWeb(res);
          resolve(
            new Response(stream as ReadableStream<Uint8Array> | null, {
              status,
              headers: headersOf(res.headers),
            }),
          );
        },
      );
      req.on('error', (err) => reject(explainManagerError(err, url)));
      req.end(body);
    });
  };
}
