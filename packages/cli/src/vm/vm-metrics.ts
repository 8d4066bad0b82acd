// `nqvm vm metrics VM`: recent CPU and memory samples the manager collected from the VM's host.
import { leaf } from '../api/command.js';
import { resolveVm } from '../api/resolve.js';
import { formatBytes, relativeTime } from '../api/units.js';
import { formatTable } from '../table.js';

export const vmMetrics = leaf({
  name: 'metrics',
  summary: 'recent CPU and memory samples of a VM',
  args: ['VM'],
  completes: ['vm'],
  options: {
    limit: { type: 'string', value: 'N', help: 'how many samples (default 10)' },
    flush: { type: 'boolean', help: 'ask the VMM to flush its counters first (VM must be running)' },
  },
  json: true,
  async run(ctx) {
    const vm = await resolveVm(ctx.api, ctx.positionals[0] as string);
    const limitText = typeof ctx.values.limit === 'string' ? ctx.values.limit : '10';
    if (!/^\d+$/.test(limitText)) throw ctx.usage(`--limit '${limitText}' is not a number`);
    if (ctx.values.flush === true) await ctx.api.vms.flushMetrics(vm.id);
    const samples = await ctx.api.vms.metrics(vm.id, { limit: Number(limitText) });
    if (ctx.json) return ctx.printJson(samples);
    if (!samples.length) return ctx.print(`No samples for ${vm.name} yet (they are taken while it runs).`);
    const rows = samples.map((s) => [
      relativeTime(s.ts),
      s.cpu_pct === null ? '-' : `${s.cpu_pct.toFixed(1)}%`,
      formatBytes(s.rss_bytes),
    ]);
    return ctx.print(formatTable(['WHEN', 'CPU', 'RSS'], rows));
  },
});
