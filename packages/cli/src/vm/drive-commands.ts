// `nqvm vm drives ls|add|set|rm`: a VM's block devices, sizes and rate limits in human units.
import type { CreateDriveReq } from '@nqvm/client';
import { type CommandContext, group, leaf } from '../api/command.js';
import { confirm, YES_OPTION } from '../api/confirm.js';
import { parsedOption, shortId } from '../api/format.js';
import { resolveImage, resolveVm } from '../api/resolve.js';
import { formatBytes, parseSize } from '../api/units.js';
import { formatTable } from '../table.js';
import { describeRateLimit, parseRateLimit } from './rate-limit.js';

const RATE_OPTIONS = {
  rate: { type: 'string', value: 'RATE', help: 'bandwidth limit, e.g. 50MB/s or 100Mbps; off to clear' },
  iops: { type: 'string', value: 'N', help: 'operations per second limit (with --rate)' },
} as const;

function rateLimitOf(ctx: CommandContext) {
  const iops = parsedOption(ctx, 'iops', (s) => (/^\d+$/.test(s) ? Number(s) : undefined), '1000');
  const rate = ctx.values.rate;
  if (typeof rate !== 'string') {
    if (iops) throw ctx.usage('--iops needs --rate too');
    return undefined;
  }
  const limit = parseRateLimit(rate, iops);
  if (limit === undefined) throw ctx.usage(`--rate '${rate}' is not a rate (e.g. 50MB/s, 100Mbps, off)`);
  return limit;
}

const applied = (a: string | undefined) =>
  a === 'next_start' ? ' (applies at next start)' : a === 'live' ? ' (live)' : '';

const ls = leaf({
  name: 'ls',
  summary: "list a VM's drives",
  args: ['VM'],
  completes: ['vm'],
  json: true,
  async run(ctx) {
    const vm = await resolveVm(ctx.api, ctx.positionals[0] as string);
    const drives = await ctx.api.drives.list(vm.id);
    if (ctx.json) return ctx.printJson(drives);
    const rows = drives.map((d) => [
      d.drive_id,
      d.is_root_device ? 'yes' : '',
      d.is_read_only ? 'ro' : 'rw',
      formatBytes(d.size_bytes),
      d.image_id ? `image ${shortId(d.image_id)}` : (d.path_on_host ?? 'empty volume'),
      describeRateLimit(d.rate_limiter),
    ]);
    return ctx.print(formatTable(['DRIVE', 'ROOT', 'MODE', 'SIZE', 'SOURCE', 'LIMIT'], rows));
  },
});

const add = leaf({
  name: 'add',
  summary: 'attach a drive: a data image, a host path, or an empty volume of --size',
  args: ['VM', 'DRIVE_ID'],
  completes: ['vm'],
  options: {
    image: { type: 'string', value: 'IMAGE', help: 'a data image (name or ID)', completes: 'image' },
    path: {
      type: 'string',
      value: 'PATH',
      help: 'a file on the host (needs MANAGER_ALLOW_IMAGE_PATHS=1)',
      completes: 'file',
    },
    size: { type: 'string', value: 'SIZE', help: 'an empty volume of this size, e.g. 1G' },
    'read-only': { type: 'boolean', help: 'attach read-only' },
    ...RATE_OPTIONS,
  },
  json: true,
  async run(ctx) {
    const [vmRef, driveId] = ctx.positionals as [string, string];
    const vm = await resolveVm(ctx.api, vmRef);
    const size = parsedOption(ctx, 'size', parseSize, '1G');
    const req: CreateDriveReq = { drive_id: driveId, is_read_only: ctx.values['read-only'] === true };
    if (typeof ctx.values.image === 'string')
      req.image_id = (await resolveImage(ctx.api, ctx.values.image, 'data')).id;
    if (typeof ctx.values.path === 'string') req.path_on_host = ctx.values.path;
    if (size) req.size_bytes = size;
    const limit = rateLimitOf(ctx);
    if (limit) req.rate_limiter = limit;
    const drive = await ctx.api.drives.create(vm.id, req);
    if (ctx.json) return ctx.printJson(drive);
    return ctx.print(`added drive ${drive.drive_id} to ${vm.name}${applied(drive.applied)}`);
  },
});

const set = leaf({
  name: 'set',
  summary: "change a drive's backing file or rate limit",
  args: ['VM', 'DRIVE_ID'],
  completes: ['vm'],
  options: {
    path: { type: 'string', value: 'PATH', help: 'a new backing file on the host', completes: 'file' },
    ...RATE_OPTIONS,
  },
  json: true,
  async run(ctx) {
    const [vmRef, driveId] = ctx.positionals as [string, string];
    const vm = await resolveVm(ctx.api, vmRef);
    const limit = rateLimitOf(ctx);
    const req: { path_on_host?: string; rate_limiter?: ReturnType<typeof rateLimitOf> } = {};
    if (typeof ctx.values.path === 'string') req.path_on_host = ctx.values.path;
    if (limit !== undefined) req.rate_limiter = limit;
    if (!Object.keys(req).length) throw ctx.usage('nothing to change: give --rate, --iops or --path');
    const drive = await ctx.api.drives.update(vm.id, driveId, req);
    if (ctx.json) return ctx.printJson(drive);
    return ctx.print(`updated drive ${driveId} of ${vm.name}${applied(drive.applied)}`);
  },
});

const rm = leaf({
  name: 'rm',
  summary: 'detach a drive (not the root device); asks unless --yes',
  args: ['VM', 'DRIVE_ID'],
  completes: ['vm'],
  options: { yes: YES_OPTION },
  async run(ctx) {
    const [vmRef, driveId] = ctx.positionals as [string, string];
    const vm = await resolveVm(ctx.api, vmRef);
    if (!(await confirm(ctx, `Detach drive ${driveId} from ${vm.name}?`))) return 1;
    const res = await ctx.api.drives.delete(vm.id, driveId);
    return ctx.print(`removed drive ${driveId} from ${vm.name}${applied(res.applied)}`);
  },
});

export const drivesGroup = group({ name: 'drives', summary: "a VM's drives", children: [ls, add, set, rm] });
