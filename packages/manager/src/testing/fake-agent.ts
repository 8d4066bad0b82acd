// STAND-IN until the real agent (packages/agent) lands: a small in-memory HTTP server that speaks
// the agent API of docs/agent-api.md well enough for the manager's route tests. It boots nothing.
// Real-agent end-to-end tests replace it later; keep it faithful to the contract, not clever.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgentVm, AgentVmSpec } from '@nqvm/core';
import { WebSocketServer } from 'ws';

/** A VM as the fake keeps it: the spec it was given; a test may plant one without the report fields. */
export type FakeVm = Pick<AgentVm, 'id' | 'state'> &
  Partial<AgentVm> & { spec: AgentVmSpec; snapshots: Set<string> };

export interface FakeAgentFailure {
  method?: string;
  path: RegExp;
  status: number;
  message?: string;
  /** How many calls fail; Infinity until cleared. */
  times: number;
}

export interface FakeAgent {
  port: number;
  credential: string;
  vms: Map<string, FakeVm>;
  calls: Array<{ method: string; path: string; body: unknown }>;
  fail(failure: Omit<FakeAgentFailure, 'times'> & { times?: number }): void;
  clearFailures(): void;
  /** Lines the console WebSocket greets with; input is echoed back as data. */
  consoleGreeting: string;
  close(): Promise<void>;
}

const ACTION_STATE: Record<string, AgentVm['state'] | undefined> = {
  start: 'running',
  stop: 'stopped',
  pause: 'paused',
  resume: 'running',
};

export async function startFakeAgent(options: { credential?: string } = {}): Promise<FakeAgent> {
  const failures: FakeAgentFailure[] = [];
  const agent: FakeAgent = {
    port: 0,
    credential: options.credential ?? 'pending',
    vms: new Map(),
    calls: [],
    consoleGreeting: 'Welcome to the fake console\r\n',
    fail: (f) => failures.push({ times: Number.POSITIVE_INFINITY, ...f }),
    clearFailures: () => {
      failures.length = 0;
    },
    close: async () => {},
  };

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? JSON.parse(text) : undefined;
  }

  function view(vm: FakeVm): AgentVm {
    const { spec, snapshots: _s, ...rest } = vm;
    return { ...rest, config: spec } as AgentVm;
  }

  function define(id: string, spec: AgentVmSpec) {
    const nics = (spec.nics ?? []).map((n, i) => ({
      iface_id: n.iface_id,
      tap: `fc-${id.slice(0, 6)}-${i}`,
      mac: n.mac ?? '',
      ip: `10.0.0.${(agent.vms.size % 250) + 2}`,
    }));
    const vm: FakeVm = {
      id,
      state: 'stopped',
      spec,
      nics,
      drives: (spec.drives ?? []).map((d) => ({
        drive_id: d.drive_id,
        path: `${d.drive_id}.img`,
        path_on_host: `/var/lib/nqvm/vms/${id}/${d.drive_id}.img`,
        is_root_device: false,
        is_read_only: d.is_read_only,
      })),
      console_log: `/var/lib/nqvm/vms/${id}/console.log`,
      api_sock: `/var/lib/nqvm/vms/${id}/api.sock`,
      snapshots: new Set<string>(),
    };
    agent.vms.set(id, vm);
    return vm;
  }

  function takeFailure(method: string, path: string): FakeAgentFailure | undefined {
    const failure = failures.find(
      (f) => (!f.method || f.method === method) && f.path.test(path) && f.times > 0,
    );
    if (failure) failure.times--;
    return failure;
  }

  function sendFailure(res: ServerResponse, failure: FakeAgentFailure) {
    send(res, failure.status, { error: failure.message ?? 'injected failure', code: 'AGT_ERR_FAKE' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://agent');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/health') return send(res, 200, { ok: true });
    if (req.headers.authorization !== `Bearer ${agent.credential}`) {
      return send(res, 401, { error: 'unauthorized', code: 'AGT_ERR_UNAUTHORIZED' });
    }
    const body = await readBody(req);
    agent.calls.push({ method, path, body });
    const failure = takeFailure(method, path);
    if (failure) return sendFailure(res, failure);
    if (path === '/v1/info') {
      return send(res, 200, {
        hostname: 'fake-host',
        addr: '127.0.0.1',
        accel: 'tcg',
        capacity: { vcpus: 8, mem_mib: 8192, disk_bytes: 1e11 },
        usage: { vcpus: 0, mem_mib: 0, disk_bytes: 0, running_vms: 0 },
      });
    }
    if (path === '/v1/vms' && method === 'GET')
      return send(res, 200, { items: [...agent.vms.values()].map(view) });
    const m = /^\/v1\/vms\/([^/]+)(?:\/(.*))?$/.exec(path);
    if (!m) return send(res, 404, { error: 'no such route', code: 'AGT_ERR_NOT_FOUND' });
    const id = decodeURIComponent(m[1] as string);
    const rest = m[2] ?? '';
    const vm = agent.vms.get(id);
    if (rest === '' && method === 'PUT') {
      const spec = body as AgentVmSpec;
      const defined = vm ?? define(id, spec);
      if (spec.start) {
        // Like the real agent: the VM is defined first, then booted; a boot failure (injected on
        // POST .../start) leaves the definition behind for the caller to clean up.
        const bootFailure = takeFailure('POST', `${path}/start`);
        if (bootFailure) return sendFailure(res, bootFailure);
        if (defined.state === 'stopped' || defined.state === 'error') defined.state = 'running';
      }
      return send(res, 200, { item: view(defined) });
    }
    if (rest === 'restore' && method === 'POST') {
      const b = body as { source_vm_id: string; snapshot_id: string; spec: AgentVmSpec };
      const source = agent.vms.get(b.source_vm_id);
      if (!source?.snapshots.has(b.snapshot_id)) return send(res, 404, { error: 'snapshot not found' });
      const restored = define(id, b.spec);
      restored.state = 'running';
      return send(res, 200, { item: view(restored) });
    }
    if (!vm) return send(res, 404, { error: `vm ${id} not found`, code: 'AGT_ERR_VM_NOT_FOUND' });
    if (rest === '' && method === 'GET') return send(res, 200, { item: view(vm) });
    if (rest === '' && method === 'DELETE') {
      agent.vms.delete(id);
      return send(res, 200, { ok: true });
    }
    if (method === 'POST' && rest in ACTION_STATE) {
      vm.state = ACTION_STATE[rest] as AgentVm['state'];
      return send(res, 200, { item: view(vm) });
    }
    if (method === 'POST' && (rest === 'ctrl-alt-del' || rest === 'flush-metrics')) {
      return send(res, 200, { item: view(vm) });
    }
    const dev = /^(drives|nics)\/([^/]+)$/.exec(rest);
    if (dev) {
      // Like Firecracker: drives and NICs change live only before boot or via PATCH rate limits.
      const applied = vm.state === 'running' && method !== 'PATCH' ? 'next_start' : 'live';
      if (method === 'DELETE') return send(res, 200, { ok: true, applied });
      return send(res, 200, { item: body, applied });
    }
    if (rest === 'snapshots' && method === 'POST') {
      const b = body as { snapshot_id: string };
      vm.snapshots.add(b.snapshot_id);
      const dir = `/var/lib/nqvm/vms/${id}/snapshots/${b.snapshot_id}`;
      return send(res, 200, {
        item: {
          snapshot_id: b.snapshot_id,
          dir,
          size_bytes: 4096,
          mem_file: `${dir}/mem`,
          state_file: `${dir}/vmstate`,
          disks: [],
        },
      });
    }
    const snap = /^snapshots\/([^/]+)$/.exec(rest);
    if (snap && method === 'DELETE') {
      vm.snapshots.delete(snap[1] as string);
      return send(res, 200, { ok: true });
    }
    if (rest === 'metrics') {
      return send(res, 200, {
        item: { ts: new Date().toISOString(), cpu_pct: 12.5, rss_bytes: 1048576, firecracker: {} },
      });
    }
    if (rest === 'logs') {
      const lines = Number(url.searchParams.get('lines') ?? 10);
      return send(res, 200, {
        lines: ['boot line 1', 'boot line 2', `kind=${url.searchParams.get('kind')}`].slice(-lines),
      });
    }
    return send(res, 404, { error: `no route ${method} ${path}` });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, { error: String(err) }));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const m = /^\/v1\/vms\/([^/]+)\/console$/.exec(req.url ?? '');
    if (!m || req.headers.authorization !== `Bearer ${agent.credential}` || !agent.vms.has(m[1] as string)) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ type: 'data', data: agent.consoleGreeting }));
      ws.on('message', (raw) => {
        const msg = JSON.parse(raw.toString()) as {
          type: string;
          data?: string;
          cols?: number;
          rows?: number;
        };
        if (msg.type === 'data') ws.send(JSON.stringify({ type: 'data', data: `echo:${msg.data}` }));
        if (msg.type === 'resize')
          ws.send(JSON.stringify({ type: 'data', data: `resized:${msg.cols}x${msg.rows}` }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  agent.port = (server.address() as AddressInfo).port;
  agent.close = async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return agent;
}

export const fakeVmId = (): string => randomUUID();
