// The agent-facing https listener (MANAGER_AGENT_TLS=1): the same app behind a certificate from the agent CA,
// serving /v1/agent/* (and /health) only, while the plain listener refuses agents so no join token or
// credential crosses the network in clear text.
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../errors.js';
import type { AgentCa } from '../services/agent-ca.js';

/** Set on requests that came in over the agent https listener (inject and the plain listener lack it). */
const VIA_AGENT_TLS = Symbol('nqvm.viaAgentTls');
/** Set on requests that came in over the plain listener. */
const VIA_PLAIN = Symbol('nqvm.viaPlain');
type Marked = IncomingMessage & { [VIA_AGENT_TLS]?: true; [VIA_PLAIN]?: true };

/**
 * Names the listener's certificate carries: loopback, this machine's hostname and every interface
 * address at start-up (what agents on this host or the LAN dial), plus MANAGER_TLS_SAN for names the
 * manager is reached at through NAT or DNS.
 */
export function listenerNames(extra: readonly string[]): string[] {
  const addrs = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined)
    // A link-local v6 address needs a zone to be dialled; nobody names it in a URL.
    .filter((a) => !(a.family === 'IPv6' && a.address.startsWith('fe80:')))
    .map((a) => a.address);
  return [...new Set(['localhost', '127.0.0.1', '::1', hostname(), ...addrs, ...extra])];
}

/** For Fastify's serverFactory: the usual http server, marking what it receives as plain. */
export function plainServerFactory(capture: (handler: RequestListener) => void) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    capture(handler);
    return createHttpServer((req, res) => {
      (req as Marked)[VIA_PLAIN] = true;
      handler(req, res);
    });
  };
}

const isAgentRoute = (url: string) => url.startsWith('/v1/agent/');

/** Agents only over https; the https port serves agents only. Registered before auth, so it answers first. */
export function registerAgentListenerGuard(app: FastifyInstance, port: () => number): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const raw = request.raw as Marked;
    const url = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    if (raw[VIA_PLAIN] && isAgentRoute(url)) throw errors.AGENT_HTTPS_REQUIRED({ port: port() });
    if (raw[VIA_AGENT_TLS] && !isAgentRoute(url) && url !== '/health') throw errors.AGENT_PORT_ONLY();
  });
}

export interface AgentTlsListener {
  /** `sha256:<hex>` of the CA: NQVM_MANAGER_CA_SHA256 for new agents. */
  fingerprint: string;
  /** Names in the listener's certificate. */
  names: string[];
  listen(port: number, host: string): Promise<number>;
  port(): number;
  close(): Promise<void>;
}

/** An https server for Fastify's own request handler, with a certificate the agent CA signs now. */
export async function createAgentTlsListener(
  handler: RequestListener,
  ca: AgentCa,
  names: string[],
): Promise<AgentTlsListener> {
  const { keyPem, certPem } = await ca.issueServer(names);
  // The chain includes the CA, so a new agent can read it in the handshake and check it against its pin.
  const server = createHttpsServer({ key: keyPem, cert: `${certPem}${ca.certPem}` }, (req, res) => {
    (req as Marked)[VIA_AGENT_TLS] = true;
    handler(req, res);
  });
  let bound = 0;
  return {
    fingerprint: ca.fingerprint,
    names,
    async listen(port, host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      bound = (server.address() as AddressInfo).port;
      return bound;
    },
    port: () => bound,
    async close() {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
