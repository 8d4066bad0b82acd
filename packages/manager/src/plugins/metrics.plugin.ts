// Prometheus text at /metrics: process metrics, HTTP request counts and durations, VMs by state.
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsSource {
  vmStates(): Promise<Record<string, number>>;
  hostCount(): Promise<number>;
}

export function registerMetrics(app: FastifyInstance, source: MetricsSource): Registry {
  // One registry per app, so several managers in one test process don't collide.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'nqvm_manager_' });
  const requests = new Counter({
    name: 'nqvm_manager_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'nqvm_manager_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    registers: [registry],
  });
  new Gauge({
    name: 'nqvm_manager_vms',
    help: 'VMs by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [state, n] of Object.entries(await source.vmStates())) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'nqvm_manager_hosts',
    help: 'Registered hosts',
    registers: [registry],
    async collect() {
      this.set(await source.hostCount());
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
