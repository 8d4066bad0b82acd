// Test helper: a tiny stand-in manager (shapes from the product spec) for pages that need data or a 401.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'data' | 'unauthorized';

export interface FakeManager {
  port: number;
  mode: FakeMode;
  requests: { method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

function vms(count: number) {
  const states = ['running', 'stopped', 'paused', 'error'];
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `vm-${String(i).padStart(4, '0')}`,
    state: states[i % states.length],
    vcpu: (i % 4) + 1,
    mem_mib: 256 * ((i % 4) + 1),
    host_id: 'host-1',
    host_addr: '10.0.0.1',
    created_at: '2025-10-15T10:30:00Z',
    updated_at: '2025-10-15T10:35:00Z',
  }));
}

/** Listens on `port` (the one the web app's MANAGER_URL names), answering as the manager would. */
export async function startFakeManager(port: number, vmCount: number): Promise<FakeManager> {
  const list = vms(vmCount);
  const fake: FakeManager = { port, mode: 'data', requests: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    fake.requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
    });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (fake.mode === 'unauthorized')
      return json(401, { error: 'Unauthorized', suggestion: 'Send a valid API token' });
    const path = (req.url ?? '').split('?')[0];
    if (path === '/v1/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      return;
    }
    if (path === '/v1/vms') return json(200, { items: list });
    if (path === '/v1/hosts' || path === '/v1/images' || path === '/v1/templates')
      return json(200, { items: [] });
    if (path === '/health') return json(200, { ok: true, db: 'up' });
    return json(404, { error: 'Route not found' });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
