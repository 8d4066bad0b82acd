// A small HTTP/1.1 client for the Firecracker API on a Unix socket (works with fc-vmm and firecracker).
import { Agent, request } from 'node:http';
import type {
  Balloon,
  BalloonStats,
  BalloonUpdate,
  BootSource,
  Drive,
  FullVmConfiguration,
  InstanceActionInfo,
  InstanceInfo,
  MachineConfiguration,
  NetworkInterface,
  PartialDrive,
  PartialNetworkInterface,
  SnapshotCreateParams,
  SnapshotLoadParams,
  Vm,
  Vsock,
} from './types.generated.js';

/** A non-2xx answer from the VMM; `faultMessage` is Firecracker's `fault_message`. */
export class FirecrackerApiError extends Error {
  constructor(
    readonly status: number,
    readonly faultMessage: string,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${method} ${path} -> ${status}: ${faultMessage}`);
    this.name = 'FirecrackerApiError';
  }
}

export interface FirecrackerResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FirecrackerClientOptions {
  /** Per-request timeout; a VMM that stops answering must not hang its caller. */
  timeoutMs?: number;
}

export type FirecrackerClient = ReturnType<typeof createFirecrackerClient>;

/** Creates a client bound to one VMM's API socket. Connections are kept alive between calls. */
export function createFirecrackerClient(socketPath: string, options: FirecrackerClientOptions = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timeoutMs = options.timeoutMs ?? 30_000;

  /** Sends one request and returns status, headers and parsed JSON body (or null). Never throws on status. */
  function raw(method: string, path: string, body?: unknown): Promise<FirecrackerResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          socketPath,
          agent,
          method,
          path,
          timeout: timeoutMs,
          headers: {
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = null;
            if (text.length > 0) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like `raw` but throws FirecrackerApiError on a non-2xx status. */
  async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await raw(method, path, body);
    if (res.status < 200 || res.status >= 300) {
      const fault =
        typeof res.body === 'object' && res.body !== null && 'fault_message' in res.body
          ? String((res.body as { fault_message: unknown }).fault_message)
          : String(res.body);
      throw new FirecrackerApiError(res.status, fault, method, path);
    }
    return res.body as T;
  }

  return {
    socketPath,
    raw,
    call,
    describeInstance: () => call<InstanceInfo>('GET', '/'),
    getVmConfig: () => call<FullVmConfiguration>('GET', '/vm/config'),
    getMachineConfig: () => call<MachineConfiguration>('GET', '/machine-config'),
    putMachineConfig: (cfg: MachineConfiguration) => call('PUT', '/machine-config', cfg),
    putBootSource: (boot: BootSource) => call('PUT', '/boot-source', boot),
    putDrive: (drive: Drive) => call('PUT', `/drives/${encodeURIComponent(drive.drive_id)}`, drive),
    patchDrive: (drive: PartialDrive) =>
      call('PATCH', `/drives/${encodeURIComponent(drive.drive_id)}`, drive),
    putNetworkInterface: (nic: NetworkInterface) =>
      call('PUT', `/network-interfaces/${encodeURIComponent(nic.iface_id)}`, nic),
    patchNetworkInterface: (nic: PartialNetworkInterface) =>
      call('PATCH', `/network-interfaces/${encodeURIComponent(nic.iface_id)}`, nic),
    putVsock: (vsock: Vsock) => call('PUT', '/vsock', vsock),
    putBalloon: (balloon: Balloon) => call('PUT', '/balloon', balloon),
    patchBalloon: (update: BalloonUpdate) => call('PATCH', '/balloon', update),
    getBalloonStats: () => call<BalloonStats>('GET', '/balloon/statistics'),
    action: (action: InstanceActionInfo['action_type']) => call('PUT', '/actions', { action_type: action }),
    patchVm: (state: Vm['state']) => call('PATCH', '/vm', { state }),
    createSnapshot: (params: SnapshotCreateParams) => call('PUT', '/snapshot/create', params),
    loadSnapshot: (params: SnapshotLoadParams) => call('PUT', '/snapshot/load', params),
    putMmds: (data: unknown) => call('PUT', '/mmds', data),
    close: () => agent.destroy(),
  };
}
