// `nqvm host ls|get`: the hosts whose agents registered, with capacity and what is in use.
import type { Host } from '@nqvm/client';
import { colorState } from '../api/colors.js';
import { group, leaf } from '../api/command.js';
import { formatDetails, shortId } from '../api/format.js';
import { resolveHost } from '../api/resolve.js';
import { formatBytes, relativeTime } from '../api/units.js';
import { formatTable } from '../table.js';

const mib = (n: number) => formatBytes(n * 1024 * 1024);

const ls = leaf({
  name: 'ls',
  summary: 'list hosts',
  json: true,
  async run(ctx) {
    const hosts = await ctx.api.hosts.list();
    if (ctx.json) return ctx.printJson(hosts);
    if (!hosts.length) return ctx.print("No hosts. Start an agent ('nqvm up' or 'nqvm agent').");
    const rows = hosts.map((h) => [
      h.hostname,
      shortId(h.id),
      `${h.addr}:${h.port}`,
      colorState(ctx.out, h.status),
      h.accel,
      String(h.usage.running_vms),
      `${h.usage.vcpus}/${h.capacity.vcpus}`,
      `${mib(h.usage.mem_mib)}/${mib(h.capacity.mem_mib)}`,
      relativeTime(h.last_heartbeat_at),
    ]);
    return ctx.print(
      formatTable(['HOST', 'ID', 'ADDRESS', 'STATUS', 'ACCEL', 'VMS', 'VCPUS', 'MEMORY', 'HEARTBEAT'], rows),
    );
  },
});

const details = (h: Host) =>
  formatDetails([
    ['hostname', h.hostname],
    ['id', h.id],
    ['address', `${h.addr}:${h.port}`],
    ['status', h.status],
    ['accel', h.accel],
    ['running VMs', h.usage.running_vms],
    ['vcpus', `${h.usage.vcpus} used of ${h.capacity.vcpus}`],
    ['memory', `${mib(h.usage.mem_mib)} used of ${mib(h.capacity.mem_mib)}`],
    ['disk', `${formatBytes(h.usage.disk_bytes)} used of ${formatBytes(h.capacity.disk_bytes)}`],
    ['heartbeat', relativeTime(h.last_heartbeat_at)],
  ]);

const get = leaf({
  name: 'get',
  summary: 'show a host (by hostname, ID or ID prefix)',
  args: ['HOST'],
  completes: ['host'],
  json: true,
  async run(ctx) {
    const host = await resolveHost(ctx.api, ctx.positionals[0] as string);
    if (ctx.json) return ctx.printJson(host);
    return ctx.print(details(host));
  },
});

export const hostGroup = group({ name: 'host', summary: 'the hosts that run VMs', children: [ls, get] });
