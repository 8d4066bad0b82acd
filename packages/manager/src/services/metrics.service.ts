// Per-VM metrics: sampled from agents into the database, kept for a retention window.
import { iso } from '../db/database.js';
import type { VmRow } from '../db/schema.js';
import { errors } from '../errors.js';
import { type ServiceContext, viaAgent } from './context.js';
import type { VmService } from './vm.service.js';

export function createMetricsService(ctx: ServiceContext, vms: VmService) {
  const { repos } = ctx;

  async function sample(vm: VmRow): Promise<void> {
    const agent = await ctx.agents.forHost(vm.host_id);
    const m = await viaAgent(() => agent.metrics(vm.id));
    const { ts, cpu_pct, rss_bytes, ...rest } = m;
    await repos.metrics.insert({
      vm_id: vm.id,
      ts: ts ? new Date(ts) : ctx.now(),
      cpu_pct: typeof cpu_pct === 'number' ? cpu_pct : null,
      rss_bytes: typeof rss_bytes === 'number' ? rss_bytes : null,
      data: rest,
    });
  }

  return {
    async history(vmId: string, options: { since?: string; limit?: number }) {
      await vms.mustGet(vmId);
      const rows = await repos.metrics.list(vmId, {
        ...(options.since ? { since: new Date(options.since) } : {}),
        limit: options.limit ?? 360,
      });
      return rows.map((r) => ({
        ts: iso(r.ts),
        cpu_pct: r.cpu_pct,
        rss_bytes: r.rss_bytes === null ? null : Number(r.rss_bytes),
        data: r.data,
      }));
    },

    /** flush-metrics: ask the VMM to write its counters, then record a sample right away. */
    async flush(vmId: string): Promise<void> {
      if (!ctx.config.enableMetrics) throw errors.METRICS_DISABLED();
      await vms.action(vmId, 'flush-metrics');
      await sample(await vms.mustGet(vmId));
    },

    /** One sampler pass over running VMs; a failing agent doesn't stop the others. */
    async sampleAll(): Promise<void> {
      for (const vm of await repos.vms.listAll()) {
        if (vm.state !== 'running') continue;
        try {
          await sample(vm);
        } catch (err) {
          ctx.log.debug({ vm: vm.id, err: (err as Error).message }, 'metrics sample failed');
        }
      }
      await repos.metrics.deleteOlderThan(new Date(ctx.now().getTime() - ctx.config.metricsRetentionMs));
    },
  };
}

export type MetricsService = ReturnType<typeof createMetricsService>;
