// `nqvm template ls|get|create|instantiate|rm`: golden VM shapes, instantiated into new VMs.
import type { Template, TemplateSpec } from '@nqvm/client';
import { colorState } from '../api/colors.js';
import { type CommandContext, group, leaf } from '../api/command.js';
import { confirm, YES_OPTION } from '../api/confirm.js';
import {
  formatDetails,
  parsedOption,
  shortId,
  TIMEOUT_OPTION,
  timeoutOf,
  WAIT_OPTION,
} from '../api/format.js';
import { startSpinner } from '../api/progress.js';
import { resolveImage, resolveTemplate, resolveVm } from '../api/resolve.js';
import { parseMemMib, relativeTime } from '../api/units.js';
import { bootsDefaultGuest, waitForState, waitGuestReady } from '../api/wait.js';
import { formatTable } from '../table.js';

const imageName = (names: Map<string, string>, id: string | null | undefined, path?: string | null) =>
  id ? (names.get(id) ?? shortId(id)) : (path ?? 'default');

const ls = leaf({
  name: 'ls',
  summary: 'list templates',
  json: true,
  async run(ctx) {
    const templates = await ctx.api.templates.list();
    if (ctx.json) return ctx.printJson(templates);
    if (!templates.length) return ctx.print("No templates. Create one with 'nqvm template create NAME'.");
    const names = new Map((await ctx.api.images.list()).map((i) => [i.id, i.name]));
    const rows = templates.map((t) => [
      t.name,
      shortId(t.id),
      String(t.spec.vcpu),
      `${t.spec.mem_mib} MiB`,
      imageName(names, t.spec.kernel_image_id, t.spec.kernel_path),
      imageName(names, t.spec.rootfs_image_id, t.spec.rootfs_path),
      relativeTime(t.created_at),
    ]);
    return ctx.print(formatTable(['NAME', 'ID', 'VCPU', 'MEMORY', 'KERNEL', 'ROOTFS', 'CREATED'], rows));
  },
});

const details = (t: Template) =>
  formatDetails([
    ['name', t.name],
    ['id', t.id],
    ['vcpu', t.spec.vcpu],
    ['memory', `${t.spec.mem_mib} MiB`],
    ['kernel', t.spec.kernel_image_id ?? t.spec.kernel_path ?? 'default'],
    ['initrd', t.spec.initrd_image_id ?? (t.spec.kernel_image_id ? '-' : 'default')],
    ['rootfs', t.spec.rootfs_image_id ?? t.spec.rootfs_path ?? 'default'],
    ['created', `${relativeTime(t.created_at)} (${t.created_at})`],
  ]);

const get = leaf({
  name: 'get',
  summary: 'show a template',
  args: ['TEMPLATE'],
  completes: ['template'],
  json: true,
  async run(ctx) {
    const t = await resolveTemplate(ctx.api, ctx.positionals[0] as string);
    if (ctx.json) return ctx.printJson(t);
    return ctx.print(details(t));
  },
});

async function specOf(ctx: CommandContext): Promise<TemplateSpec> {
  const spec: TemplateSpec = { vcpu: 1, mem_mib: 256 };
  if (typeof ctx.values['from-vm'] === 'string') {
    const vm = await resolveVm(ctx.api, ctx.values['from-vm']);
    Object.assign(spec, {
      vcpu: vm.vcpu,
      mem_mib: vm.mem_mib,
      kernel_image_id: vm.kernel_image_id,
      initrd_image_id: vm.initrd_image_id,
      rootfs_image_id: vm.rootfs_image_id,
    });
  }
  const vcpu = parsedOption(
    ctx,
    'vcpu',
    (s) => (/^\d+$/.test(s) && Number(s) > 0 ? Number(s) : undefined),
    '2',
  );
  const mem = parsedOption(ctx, 'mem', parseMemMib, '512M');
  if (vcpu) spec.vcpu = vcpu;
  if (mem) spec.mem_mib = mem;
  for (const kind of ['kernel', 'initrd', 'rootfs'] as const) {
    const ref = ctx.values[kind];
    if (typeof ref === 'string') spec[`${kind}_image_id`] = (await resolveImage(ctx.api, ref, kind)).id;
  }
  // The API rejects nulls it would store as "no image"; leaving them out means "the default".
  for (const key of Object.keys(spec) as Array<keyof TemplateSpec>) if (spec[key] === null) delete spec[key];
  return spec;
}

const create = leaf({
  name: 'create',
  summary:
    'create a template from options or from an existing VM (--from-vm); images default to the default guest',
  args: ['NAME'],
  options: {
    vcpu: { type: 'string', value: 'N', help: 'virtual CPUs (default 1)' },
    mem: { type: 'string', value: 'SIZE', help: 'memory, MiB or with a unit (default 256)' },
    kernel: { type: 'string', value: 'IMAGE', help: 'kernel image (name or ID)', completes: 'image' },
    initrd: { type: 'string', value: 'IMAGE', help: 'initrd image (name or ID)', completes: 'image' },
    rootfs: { type: 'string', value: 'IMAGE', help: 'rootfs image (name or ID)', completes: 'image' },
    'from-vm': { type: 'string', value: 'VM', help: "copy a VM's vCPUs, memory and images", completes: 'vm' },
  },
  json: true,
  async run(ctx) {
    const { id } = await ctx.api.templates.create({
      name: ctx.positionals[0] as string,
      spec: await specOf(ctx),
    });
    const t = await ctx.api.templates.get(id);
    if (ctx.json) return ctx.printJson(t);
    return ctx.print(`created template ${t.name} (${shortId(t.id)})`);
  },
});

const instantiate = leaf({
  name: 'instantiate',
  summary: 'create a VM from a template (and start it, unless --no-start)',
  args: ['TEMPLATE', 'NAME'],
  completes: ['template'],
  options: {
    'no-start': { type: 'boolean', help: 'leave the new VM stopped' },
    wait: { ...WAIT_OPTION, help: 'wait until the VM runs and its guest has booted' },
    timeout: TIMEOUT_OPTION,
  },
  json: true,
  async run(ctx) {
    const [ref, name] = ctx.positionals as [string, string];
    const t = await resolveTemplate(ctx.api, ref);
    const spinner = startSpinner(`creating ${name} from ${t.name}`);
    let id: string;
    try {
      ({ id } = await ctx.api.templates.instantiate(t.id, { name, start: ctx.values['no-start'] !== true }));
    } finally {
      spinner.stop();
    }
    let vm = await ctx.api.vms.get(id);
    if (ctx.values['no-start'] !== true && ctx.values.wait === true) {
      vm = await waitForState(ctx.api, vm, ['running'], timeoutOf(ctx));
      if (await bootsDefaultGuest(ctx.api, vm)) await waitGuestReady(ctx.api, vm, 0, timeoutOf(ctx));
    }
    if (ctx.json) return ctx.printJson(vm);
    return ctx.print(`${vm.name} (${shortId(vm.id)}) from ${t.name}: ${colorState(ctx.out, vm.state)}`);
  },
});

const rm = leaf({
  name: 'rm',
  summary: 'delete a template (VMs made from it stay); asks unless --yes',
  args: ['TEMPLATE'],
  completes: ['template'],
  options: { yes: YES_OPTION },
  async run(ctx) {
    const t = await resolveTemplate(ctx.api, ctx.positionals[0] as string);
    if (!(await confirm(ctx, `Delete template ${t.name}?`))) return 1;
    await ctx.api.templates.delete(t.id);
    return ctx.print(`deleted template ${t.name}`);
  },
});

export const templateGroup = group({
  name: 'template',
  summary: 'VM templates: saved shapes to create VMs from',
  children: [ls, get, create, instantiate, rm],
});
