// The Firecracker API server: HTTP/1.1 with keep-alive on a Unix socket, one request → one action → one response.
import { lstatSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { type VmmAction, VmmActionError, type VmmData } from '../actions.js';
import type { VmmLog } from '../backend.js';
import type { HotUnplugRequest, HttpMethod } from '../parsers/parsed-request.js';
import type { ApiCounters } from './api-counters.js';
import { sendEmpty, sendFault, sendJson } from './http-responses.js';
import { routeRequest, SUPPORTED_METHODS } from './routes.js';

/** Firecracker's default `--http-api-max-payload-size`. */
export const DEFAULT_MAX_PAYLOAD_SIZE = 51_200;

/** What the server needs from the VMM: run an action, and word a DELETE refusal. */
export interface ActionHandler {
  handle(action: VmmAction): Promise<VmmData>;
  refuseHotUnplug(request: HotUnplugRequest): VmmActionError;
}

export interface ApiServerOptions {
  socketPath: string;
  handler: ActionHandler;
  log: VmmLog;
  maxPayloadSize?: number;
  counters?: ApiCounters;
}

export interface ApiServer {
  readonly socketPath: string;
  readonly server: Server;
  /** Stops accepting, drops idle keep-alive connections and removes the socket file. Idempotent. */
  close(): Promise<void>;
}

class PayloadTooLarge extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`Request payload with size ${size} is larger than the limit of ${limit} allowed by server.`);
  }
}

/** Binds the socket and resolves once it accepts connections. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const limit = options.maxPayloadSize ?? DEFAULT_MAX_PAYLOAD_SIZE;
  const server = createServer({ keepAlive: true }, (req, res) => {
    serve(req, res, options, limit).catch((err: unknown) => {
      options.log.error('API request failed unexpectedly', { error: String(err) });
      if (!res.headersSent) sendFault(res, 400, (err as Error).message);
    });
  });
  // Firecracker keeps API connections open for as long as the client wants.
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0;
  await removeStaleSocket(options.socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    socketPath: options.socketPath,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => removeSocketFile(options.socketPath));
      return closing;
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, options: ApiServerOptions, limit: number) {
  const method = req.method ?? '';
  if (!SUPPORTED_METHODS.includes(method)) {
    // micro_http rejects the request line itself and drops the connection; so do we.
    req.resume();
    sendJson(
      res,
      400,
      { error: 'Unsupported HTTP method.\nAll previous unanswered requests will be dropped.' },
      { close: true },
    );
    return;
  }
  let text: string | undefined;
  try {
    text = await readBody(req, limit);
  } catch (err) {
    if (!(err instanceof PayloadTooLarge)) throw err;
    sendFault(res, 413, err.message, { close: true });
    return;
  }
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  logRequest(options.log, method, path, text);
  const { outcome, metric } = routeRequest(method as HttpMethod, path, text);
  const count = (failed: boolean) => {
    if (!metric || !options.counters) return;
    options.counters.inc(`${metric}_count`);
    if (failed) options.counters.inc(`${metric}_fails`);
  };
  if (!outcome.ok) {
    count(true);
    options.log.error(`Received Error. Status code: ${outcome.status}. Message: ${outcome.message}`);
    sendFault(res, outcome.status, outcome.message);
    return;
  }
  if ('hotUnplug' in outcome) {
    sendFault(res, 400, options.handler.refuseHotUnplug(outcome.hotUnplug).message);
    return;
  }
  const deprecated = outcome.deprecation !== undefined;
  if (deprecated) {
    options.log.warn(outcome.deprecation as string);
    options.counters?.inc('deprecated_api.deprecated_http_api_calls');
  }
  try {
    const data = await options.handler.handle(outcome.action);
    count(false);
    if (data.kind === 'Empty') sendEmpty(res, { deprecated });
    else sendJson(res, 200, data.body, { deprecated });
  } catch (err) {
    count(true);
    const status = err instanceof VmmActionError ? err.status : 400;
    const message = (err as Error).message;
    options.log.error(`Received Error. Status code: ${status}. Message: ${message}`);
    sendFault(res, status, message, { deprecated });
  }
}

/** The body as text, or undefined when empty: Firecracker treats `Content-Length: 0` as no body. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.reject(new PayloadTooLarge(declared, limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new PayloadTooLarge(size, limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size === 0 ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function logRequest(log: VmmLog, method: string, path: string, body: string | undefined): void {
  const verb = method.charAt(0) + method.slice(1).toLowerCase();
  // MMDS contents may be secrets; Firecracker leaves them out of the log too.
  const withBody = body === undefined || path.startsWith('/mmds') ? '' : ` with body ${JSON.stringify(body)}`;
  log.info(`The API server received a ${verb} request on ${JSON.stringify(path)}${withBody}.`);
}

/** A socket file left by a dead process is removed; a live one means another VMM owns the path. */
async function removeStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return;
  }
  const inUse = new Error(`Failed to open the API socket at: ${path}. Check that it is not already used.`);
  if (!isSocket) throw inUse;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) throw inUse;
  removeSocketFile(path);
}

function removeSocketFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
