// The agent's Prometheus registry: request counters, VM counts by state, per-VM CPU/RSS/Firecracker counters.
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { VmMetrics } from './vm-metrics.js';
import type { VmRecord } from './vm-types.js';

export interface PrometheusSources {
  records: () => Promise<VmRecord[]>;
  vmMetrics: VmMetrics;
}

export function createPrometheus(sources: PrometheusSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'nqvm_agent_' });

  const requests = new Counter({
    name: 'nqvm_agent_http_requests_total',
    help: 'HTTP requests served by the agent',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const vmsByState = new Gauge({
    name: 'nqvm_agent_vms',
    help: 'VMs on this host by observed state',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const cpu = new Gauge({
    name: 'nqvm_vm_cpu_percent',
    help: 'CPU use of the VM process tree (100 = one core)',
    labelNames: ['vm_id'] as const,
    registers: [registry],
  });
  const rss = new Gauge({
    name: 'nqvm_vm_rss_bytes',
    help: 'Resident memory of the VM process tree',
    labelNames: ['vm_id'] as const,
    registers: [registry],
  });
  const fc = new Gauge({
    name: 'nqvm_vm_firecracker',
    help: 'Last flushed Firecracker metrics of a VM, by group and metric',
    labelNames: ['vm_id', 'group', 'metric'] as const,
    registers: [registry],
  });

  /** Gauges are filled at scrape time, so they never describe VMs that are gone. */
  async function refresh(): Promise<void> {
    const records = await sources.records();
    for (const g of [vmsByState, cpu, rss, fc]) g.reset();
    for (const record of records) {
      vmsByState.inc({ state: record.state });
      if (record.pid === undefined) continue;
      const sample = await sources.vmMetrics.sample(record).catch(() => undefined);
      if (!sample) continue;
      cpu.set({ vm_id: record.id }, sample.cpu_pct);
      rss.set({ vm_id: record.id }, sample.rss_bytes);
      for (const [group, values] of Object.entries(sample.firecracker)) {
        for (const [metric, value] of Object.entries(values))
          fc.set({ vm_id: record.id, group, metric }, value);
      }
    }
  }

  return {
    contentType: registry.contentType,
    countRequest: (method: string, route: string, status: number) =>
      requests.inc({ method, route, status: String(status) }),
    async render(): Promise<string> {
      await refresh();
      return registry.metrics();
    },
  };
}
