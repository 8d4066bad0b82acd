// `nqvm vm nics ls|add|set|rm`: a VM's network interfaces and their rx/tx limits in human units.
import type { CreateNicReq, RateLimiter } from '@nqvm/client';
import { type CommandContext, group, leaf } from '../api/command.js';
import { confirm, YES_OPTION } from '../api/confirm.js';
import { resolveVm } from '../api/resolve.js';
import { formatTable } from '../table.js';
import { describeRateLimit, parseRateLimit } from './rate-limit.js';

const RATE_OPTIONS = {
  rx: { type: 'string', value: 'RATE', help: 'receive limit, e.g. 10Mbps or 2MB/s; off to clear' },
  tx: { type: 'string', value: 'RATE', help: 'transmit limit, e.g. 10Mbps or 2MB/s; off to clear' },
} as const;

function limit(ctx: CommandContext, flag: 'rx' | 'tx'): RateLimiter | null | undefined {
  const text = ctx.values[flag];
  if (typeof text !== 'string') return undefined;
  const parsed = parseRateLimit(text);
  if (parsed === undefined) throw ctx.usage(`--${flag} '${text}' is not a rate (e.g. 10Mbps, 2MB/s, off)`);
  return parsed;
}

const applied = (a: string | undefined) =>
  a === 'next_start' ? ' (applies at next start)' : a === 'live' ? ' (live)' : '';

const ls = leaf({
  name: 'ls',
  summary: "list a VM's network interfaces",
  args: ['VM'],
  completes: ['vm'],
  json: true,
  async run(ctx) {
    const vm = await resolveVm(ctx.api, ctx.positionals[0] as string);
    const nics = await ctx.api.nics.list(vm.id);
    if (ctx.json) return ctx.printJson(nics);
    const rows = nics.map((n) => [
      n.iface_id,
      n.guest_mac,
      n.guest_ip ?? '-',
      n.host_dev_name ?? '-',
      describeRateLimit(n.rx_rate_limiter),
      describeRateLimit(n.tx_rate_limiter),
    ]);
    return ctx.print(formatTable(['IFACE', 'MAC', 'IP', 'TAP', 'RX LIMIT', 'TX LIMIT'], rows));
  },
});

const add = leaf({
  name: 'add',
  summary: 'add a network interface',
  args: ['VM', 'IFACE'],
  completes: ['vm'],
  options: { mac: { type: 'string', value: 'MAC', help: 'guest MAC (default: generated)' }, ...RATE_OPTIONS },
  json: true,
  async run(ctx) {
    const [vmRef, iface] = ctx.positionals as [string, string];
    const vm = await resolveVm(ctx.api, vmRef);
    const req: CreateNicReq = { iface_id: iface };
    if (typeof ctx.values.mac === 'string') req.guest_mac = ctx.values.mac;
    const rx = limit(ctx, 'rx');
    const tx = limit(ctx, 'tx');
    if (rx !== undefined) req.rx_rate_limiter = rx;
    if (tx !== undefined) req.tx_rate_limiter = tx;
    const nic = await ctx.api.nics.create(vm.id, req);
    if (ctx.json) return ctx.printJson(nic);
    return ctx.print(`added ${nic.iface_id} (${nic.guest_mac}) to ${vm.name}${applied(nic.applied)}`);
  },
});

const set = leaf({
  name: 'set',
  summary: "change an interface's rx/tx rate limits",
  args: ['VM', 'IFACE'],
  completes: ['vm'],
  options: RATE_OPTIONS,
  json: true,
  async run(ctx) {
    const [vmRef, iface] = ctx.positionals as [string, string];
    const vm = await resolveVm(ctx.api, vmRef);
    const rx = limit(ctx, 'rx');
    const tx = limit(ctx, 'tx');
    if (rx === undefined && tx === undefined) throw ctx.usage('nothing to change: give --rx and/or --tx');
    const nic = await ctx.api.nics.update(vm.id, iface, {
      ...(rx !== undefined ? { rx_rate_limiter: rx } : {}),
      ...(tx !== undefined ? { tx_rate_limiter: tx } : {}),
    });
    if (ctx.json) return ctx.printJson(nic);
    return ctx.print(
      `${vm.name} ${iface}: rx ${describeRateLimit(nic.rx_rate_limiter)}, tx ${describeRateLimit(nic.tx_rate_limiter)}${applied(nic.applied)}`,
    );
  },
});

const rm = leaf({
  name: 'rm',
  summary: 'remove a network interface; asks unless --yes',
  args: ['VM', 'IFACE'],
  completes: ['vm'],
  options: { yes: YES_OPTION },
  async run(ctx) {
    const [vmRef, iface] = ctx.positionals as [string, string];
    const vm = await resolveVm(ctx.api, vmRef);
    if (!(await confirm(ctx, `Remove ${iface} from ${vm.name}?`))) return 1;
    const res = await ctx.api.nics.delete(vm.id, iface);
    return ctx.print(`removed ${iface} from ${vm.name}${applied(res.applied)}`);
  },
});

export const nicsGroup = group({
  name: 'nics',
  summary: "a VM's network interfaces",
  children: [ls, add, set, rm],
});
