// How the manager calls an agent over TLS: https with the manager's CA only, and the certificate must name that host.
import { request } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

/** The subject every agent certificate carries (services/agent-ca.ts issues it). */
export const agentCommonName = (hostId: string): string => `nqvm-agent-${hostId}`;

export interface AgentTlsOptions {
  /** PEM of the manager's agent CA: the only certificate authority trusted for agents. */
  ca: string;
}

/**
 * Standard checks (chain to our CA, SAN = the address we dialled) plus the host id in the CN, so a
 * registered agent cannot answer for another host's address with its own valid certificate.
 */
export function agentIdentityCheck(hostId: string) {
  return (host: string, cert: PeerCertificate): Error | undefined => {
    const standard = checkServerIdentity(host, cert);
    if (standard) return standard;
    const cn = cert.subject?.CN;
    if (cn !== agentCommonName(hostId)) return new Error(`certificate is for '${cn}', not host ${hostId}`);
    return undefined;
  };
}

export interface TlsResponse {
  status: number;
  ok: boolean;
  text: string;
}

/** One JSON request over https to an agent (Node 20's fetch cannot be given a CA of its own). */
export function httpsCall(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
  tls: AgentTlsOptions,
  hostId: string,
): Promise<TlsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method,
        headers:
          init.body === undefined
            ? init.headers
            : { ...init.headers, 'content-length': Buffer.byteLength(init.body) },
        ca: tls.ca,
        checkServerIdentity: agentIdentityCheck(hostId),
        timeout: init.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve({
            status,
            ok: status >= 200 && status < 300,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${init.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A connection error in words an operator can act on (TLS failures name the certificate problem). */
export function describeConnectError(err: Error, baseUrl: string): string {
  const cause = (err as Error & { cause?: NodeJS.ErrnoException }).cause;
  const code = (err as NodeJS.ErrnoException).code ?? cause?.code ?? '';
  const words = [err.message, cause?.message].filter(Boolean).join(': ');
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code) || /certificate/.test(words)) {
    return `agent ${baseUrl} refused: its TLS certificate is not one this manager's CA issued for that host (${code || words})`;
  }
  if (
    baseUrl.startsWith('http:') &&
    /ECONNRESET|UND_ERR_SOCKET|other side closed|socket hang up/.test(`${code} ${words}`)
  ) {
    return `agent ${baseUrl} closed the connection: it may be serving https (NQVM_AGENT_TLS=1); start the manager with MANAGER_AGENT_TLS=1 (${words})`;
  }
  return `agent ${baseUrl} unreachable: ${words}`;
}
