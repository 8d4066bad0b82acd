// Stand-in agents for the scale figure: each answers the manager's inventory call (GET /v1/vms) with
// the VMs seeded on its host and heartbeats every 5 s through the real API, as `nqvm agent` does.
// Real agents would need 10,000 booted guests; the manager's side of the conversation is the same.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { freePort } from './scale-net.js';
import type { SeedHost, SeedPlan } from './scale-seed.js';

const HEARTBEAT_MS = 5_000;

export interface FakeAgents {
  hosts: SeedHost[];
  /** What the agents report from now on: the seeded VMs (set before the manager starts, for its first pass). */
  serve(plan: SeedPlan): void;
  /** Starts heartbeats to a manager (after it is up): keeps the hosts online for the reconciler. */
  heartbeat(managerUrl: string): void;
  stop(): Promise<void>;
}

export async function startFakeAgents(count: number): Promise<FakeAgents> {
  const servers: Server[] = [];
  const hosts: SeedHost[] = [];
  let inventory = new Map<string, string>();
  let seeded: SeedPlan | undefined;
  let timer: NodeJS.Timeout | undefined;
  for (let i = 0; i < count; i++) {
    const host: SeedHost = { id: randomUUID(), credential: randomUUID(), port: await freePort() };
    const server = createServer((req, res) => {
      let body = req.method === 'GET' && req.url === '/v1/vms' ? inventory.get(host.id) : undefined;
      // A stop (the figure's way to change a VM through the API): the VM is stopped from now on.
      const stop = req.method === 'POST' ? /^\/v1\/vms\/([0-9a-f-]{36})\/stop$/.exec(req.url ?? '') : null;
      const vm = stop && seeded?.inventory.get(host.id)?.find((v) => v.id === stop[1]);
      if (vm && seeded) {
        vm.state = 'stopped';
        inventory.set(host.id, JSON.stringify({ items: seeded.inventory.get(host.id) }));
        body = JSON.stringify({ item: { id: vm.id, state: 'stopped' } });
      }
      req.resume();
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(body ?? JSON.stringify({ fault_message: `bench agent: no ${req.method} ${req.url}` }));
    });
    // Like the real agent (Fastify): idle keep-alive sockets live longer than the manager's 5 s heartbeat.
    server.keepAliveTimeout = 72_000;
    await new Promise<void>((resolve) => server.listen(host.port, '127.0.0.1', resolve));
    servers.push(server);
    hosts.push(host);
  }
  return {
    hosts,
    serve(plan) {
      seeded = plan;
      // Answers are prepared once: the agents must cost the machine as little as possible.
      inventory = new Map(
        [...plan.inventory].map(([hostId, vms]) => [hostId, JSON.stringify({ items: vms })]),
      );
    },
    heartbeat(managerUrl) {
      const plan = seeded;
      if (!plan) throw new Error('bench agents: serve(plan) before heartbeat()');
      const beat = async () => {
        for (const h of hosts) {
          const vms = plan.inventory.get(h.id) ?? [];
          const body = {
            host_id: h.id,
            capacity: { vcpus: 128, mem_mib: 1_048_576, disk_bytes: 4e12 },
            usage: {
              vcpus: 0,
              mem_mib: 0,
              disk_bytes: 0,
              running_vms: vms.filter((v) => v.state === 'running').length,
            },
            vms,
          };
          await fetch(`${managerUrl}/v1/agent/heartbeat`, {
            method: 'POST',
            headers: { authorization: `Bearer ${h.credential}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }).catch(() => undefined);
        }
      };
      clearInterval(timer);
      void beat();
      timer = setInterval(() => void beat(), HEARTBEAT_MS);
    },
    async stop() {
      clearInterval(timer);
      await Promise.all(
        servers.map((s) => {
          s.closeAllConnections();
          return new Promise((r) => s.close(r));
        }),
      );
    },
  };
}
