// `nqvm image ls|get|import|volume create|rm`: the image registry (kernels, initrds, rootfs, data).
import type { Image, ImageKind } from '@nqvm/client';
import { colorState } from '../api/colors.js';
import { type CommandContext, group, leaf } from '../api/command.js';
import { confirm, YES_OPTION } from '../api/confirm.js';
import { formatDetails, parsedOption, shortId, TIMEOUT_OPTION, timeoutOf } from '../api/format.js';
import { resolveImage } from '../api/resolve.js';
import { formatBytes, parseSize, relativeTime } from '../api/units.js';
import { formatTable } from '../table.js';
import { importImage } from './image-import.js';

export const IMAGE_KINDS: ImageKind[] = ['kernel', 'initrd', 'rootfs', 'data'];

function kindOf(ctx: CommandContext, required: boolean): ImageKind | undefined {
  const kind = ctx.values.kind;
  if (kind === undefined) {
    if (required) throw ctx.usage(`--kind is required (${IMAGE_KINDS.join(', ')})`);
    return undefined;
  }
  if (!IMAGE_KINDS.includes(kind as ImageKind))
    throw ctx.usage(`--kind must be one of ${IMAGE_KINDS.join(', ')}`);
  return kind as ImageKind;
}

const KIND_OPTION = {
  type: 'string',
  value: 'KIND',
  help: 'kernel, initrd, rootfs or data',
  completes: 'kind',
} as const;

const ls = leaf({
  name: 'ls',
  summary: 'list images',
  options: { kind: KIND_OPTION },
  json: true,
  async run(ctx) {
    const kind = kindOf(ctx, false);
    const images = await ctx.api.images.list(kind ? { kind } : undefined);
    if (ctx.json) return ctx.printJson(images);
    if (!images.length) return ctx.print("No images. Run 'nqvm images prepare' or 'nqvm image import'.");
    const rows = images.map((i) => [
      i.name,
      shortId(i.id),
      i.kind,
      colorState(ctx.out, i.status),
      formatBytes(i.size),
      i.origin === 'manifest' ? 'default' : i.origin,
      i.project ?? '-',
      relativeTime(i.created_at),
    ]);
    return ctx.print(
      formatTable(['NAME', 'ID', 'KIND', 'STATUS', 'SIZE', 'ORIGIN', 'PROJECT', 'CREATED'], rows),
    );
  },
});

const details = (i: Image) =>
  formatDetails([
    ['name', i.name],
    ['id', i.id],
    ['kind', i.kind],
    ['status', i.status + (i.status === 'importing' ? ` (${formatBytes(i.progress.bytes_done)})` : '')],
    ['error', i.error],
    ['size', formatBytes(i.size)],
    ['sha256', i.sha256],
    ['origin', i.origin],
    ['source', i.source_url],
    ['path', i.host_path],
    ['project', i.project],
    ['created', `${relativeTime(i.created_at)} (${i.created_at})`],
  ]);

const get = leaf({
  name: 'get',
  summary: 'show an image',
  args: ['IMAGE'],
  completes: ['image'],
  json: true,
  async run(ctx) {
    const image = await resolveImage(ctx.api, ctx.positionals[0] as string);
    if (ctx.json) return ctx.printJson(image);
    return ctx.print(details(image));
  },
});

const importLeaf = leaf({
  name: 'import',
  summary: 'add an image: a path under the image root registers, another local file uploads, a URL imports',
  args: ['PATH|URL'],
  completes: ['file'],
  options: {
    kind: KIND_OPTION,
    name: { type: 'string', value: 'NAME', help: 'image name (required)' },
    project: { type: 'string', value: 'PROJECT', help: 'project to file it under' },
    timeout: { ...TIMEOUT_OPTION, help: 'how long to follow a URL import (default 5m)' },
  },
  json: true,
  async run(ctx) {
    const kind = kindOf(ctx, true) as ImageKind;
    if (typeof ctx.values.name !== 'string') throw ctx.usage('--name is required');
    const { image, how } = await importImage(ctx.api, {
      source: ctx.positionals[0] as string,
      kind,
      name: ctx.values.name,
      ...(typeof ctx.values.project === 'string' ? { project: ctx.values.project } : {}),
      timeoutMs: timeoutOf(ctx),
    });
    if (ctx.json) return ctx.printJson(image);
    return ctx.print(
      `${how} ${image.kind} image ${image.name} (${shortId(image.id)}), ${formatBytes(image.size)}`,
    );
  },
});

const volumeCreate = leaf({
  name: 'create',
  summary: 'create an empty data volume (sparse) to attach with vm drives add --image',
  args: ['NAME'],
  options: {
    size: { type: 'string', value: 'SIZE', help: 'size, e.g. 1G or 512M (required)' },
    project: { type: 'string', value: 'PROJECT', help: 'project to file it under' },
  },
  json: true,
  async run(ctx) {
    const size = parsedOption(ctx, 'size', parseSize, '1G');
    if (!size) throw ctx.usage('--size is required (e.g. 1G)');
    const { id } = await ctx.api.images.createVolume({
      name: ctx.positionals[0] as string,
      size_bytes: size,
      ...(typeof ctx.values.project === 'string' ? { project: ctx.values.project } : {}),
    });
    const image = await ctx.api.images.get(id);
    if (ctx.json) return ctx.printJson(image);
    return ctx.print(`created data volume ${image.name} (${shortId(image.id)}), ${formatBytes(image.size)}`);
  },
});

const rm = leaf({
  name: 'rm',
  summary: 'remove an image from the registry (its file stays on disk); asks unless --yes',
  args: ['IMAGE'],
  completes: ['image'],
  options: { yes: YES_OPTION },
  async run(ctx) {
    const image = await resolveImage(ctx.api, ctx.positionals[0] as string);
    if (!(await confirm(ctx, `Remove ${image.kind} image ${image.name} from the registry?`))) return 1;
    await ctx.api.images.delete(image.id);
    return ctx.print(`removed image ${image.name}`);
  },
});

export const imageGroup = group({
  name: 'image',
  summary: 'the image registry: kernels, initrds, root filesystems and data volumes',
  children: [
    ls,
    get,
    importLeaf,
    group({ name: 'volume', summary: 'empty data volumes', children: [volumeCreate] }),
    rm,
  ],
});
