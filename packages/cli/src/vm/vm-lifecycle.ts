// `nqvm vm ls|get|create|start|stop|pause|resume|rm`: VMs by name, ID or ID prefix.
import type { CreateVmReq, ManagerClient, Vm } from '@nqvm/client';
import { colorState } from '../api/colors.js';
import { type CommandContext, leaf } from '../api/command.js';
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
import { listAllVms, resolveImage, resolveTemplate, resolveVm } from '../api/resolve.js';
import { parseMemMib, relativeTime } from '../api/units.js';
import { bootsDefaultGuest, readyLineCount, waitForState, waitGuestReady } from '../api/wait.js';
import { formatTable } from '../table.js';

export const vmLs = leaf({
  name: 'ls',
  summary: 'list VMs',
  json: true,
  async run(ctx) {
    const vms = await listAllVms(ctx.api);
    if (ctx.json) return ctx.printJson(vms);
    if (!vms.length) return ctx.print("No VMs. Create one with 'nqvm vm create NAME'.");
    const hosts = new Map((await ctx.api.hosts.list()).map((h) => [h.id, h.hostname]));
    const rows = vms.map((v) => [
      v.name,
      shortId(v.id),
      colorState(ctx.out, v.state),
      String(v.vcpu),
      `${v.mem_mib} MiB`,
      v.guest_ip ?? '-',
      v.host_id ? (hosts.get(v.host_id) ?? shortId(v.host_id)) : '-',
      relativeTime(v.created_at),
    ]);
    ctx.print(formatTable(['NAME', 'ID', 'STATE', 'VCPU', 'MEMORY', 'IP', 'HOST', 'CREATED'], rows));
    return 0;
  },
});

export const vmGet = leaf({
  name: 'get',
  summary: "show a VM's details, drives and NICs",
  args: ['VM'],
  completes: ['vm'],
  json: true,
  async run(ctx) {
    const vm = await resolveVm(ctx.api, ctx.positionals[0] as string);
    if (ctx.json) return ctx.printJson(vm);
    const [drives, nics] = await Promise.all([ctx.api.drives.list(vm.id), ctx.api.nics.list(vm.id)]);
    ctx.print(
      formatDetails([
        ['name', vm.name],
        ['id', vm.id],
        [
          'state',
          `${colorState(ctx.out, vm.state)}${vm.desired_state !== vm.state ? ` (wants ${vm.desired_state})` : ''}`,
        ],
        ['error', vm.error],
        ['vcpu', vm.vcpu],
        ['memory', `${vm.mem_mib} MiB`],
        ['ip', vm.guest_ip],
        ['mac', vm.guest_mac],
        ['host', vm.host_addr ? `${vm.host_addr} (${shortId(vm.host_id)})` : shortId(vm.host_id)],
        ['kernel', vm.kernel_image_id ?? vm.kernel_path],
        ['rootfs', vm.rootfs_image_id ?? vm.rootfs_path],
        ['template', vm.template_id],
        ['from snapshot', vm.source_snapshot_id],
        ['created', `${relativeTime(vm.created_at)} (${vm.created_at})`],
        ['drives', drives.map((d) => d.drive_id + (d.is_root_device ? ' (root)' : '')).join(', ')],
        [
          'nics',
          nics.map((n) => `${n.iface_id} ${n.guest_mac}${n.guest_ip ? ` ${n.guest_ip}` : ''}`).join(', '),
        ],
      ]),
    );
    return 0;
  },
});

/** Starts `vm` and, with --wait, waits until it runs and (for the default guest) its shell is up. */
async function startAndMaybeWait(ctx: CommandContext, vm: Vm): Promise<Vm> {
  const wait = ctx.values.wait === true;
  const knowsReady = wait && (await bootsDefaultGuest(ctx.api, vm));
  const before = knowsReady ? await readyLineCount(ctx.api, vm.id) : 0;
  const spinner = startSpinner(`starting ${vm.name}`);
  try {
    await ctx.api.vms.start(vm.id);
  } finally {
    spinner.stop();
  }
  return wait ? waitUntilBooted(ctx, vm, knowsReady, before) : ctx.api.vms.get(vm.id);
}

/** With --wait: the VM runs and, for the default guest, has printed one more readiness line. */
export async function waitUntilBooted(ctx: CommandContext, vm: Vm, knowsReady: boolean, before: number) {
  const running = await waitForState(ctx.api, vm, ['running'], timeoutOf(ctx));
  if (knowsReady) await waitGuestReady(ctx.api, vm, before, timeoutOf(ctx));
  return running;
}

export const vmCreate = leaf({
  name: 'create',
  summary: 'create a VM (and start it, unless --no-start); images default to the default guest',
  args: ['NAME'],
  options: {
    vcpu: { type: 'string', value: 'N', help: 'virtual CPUs (default 1)' },
    mem: { type: 'string', value: 'SIZE', help: 'memory, MiB or with a unit: 512, 512M, 1G (default 256)' },
    kernel: { type: 'string', value: 'IMAGE', help: 'kernel image (name or ID)', completes: 'image' },
    initrd: { type: 'string', value: 'IMAGE', help: 'initrd image (name or ID)', completes: 'image' },
    rootfs: { type: 'string', value: 'IMAGE', help: 'rootfs image (name or ID)', completes: 'image' },
    template: {
      type: 'string',
      value: 'TEMPLATE',
      help: 'create from a template instead',
      completes: 'template',
    },
    'no-start': { type: 'boolean', help: 'leave the new VM stopped' },
    wait: { ...WAIT_OPTION, help: 'wait until the VM runs and its guest has booted' },
    timeout: TIMEOUT_OPTION,
  },
  json: true,
  async run(ctx) {
    const name = ctx.positionals[0] as string;
    const v = ctx.values;
    const start = v['no-start'] !== true;
    let id: string;
    const spinner = startSpinner(`creating ${name}`);
    try {
      if (typeof v.template === 'string') {
        const clash = ['vcpu', 'mem', 'kernel', 'initrd', 'rootfs'].find((k) => v[k] !== undefined);
        if (clash) throw ctx.usage(`--${clash} cannot be combined with --template (the template fixes it)`);
        const tpl = await resolveTemplate(ctx.api, v.template);
        ({ id } = await ctx.api.templates.instantiate(tpl.id, { name, start }));
      } else {
        ({ id } = await ctx.api.vms.create({ ...(await createRequest(ctx, name)), start }));
      }
    } finally {
      spinner.stop();
    }
    // The manager boots the VM as part of create; --wait then follows it to a usable guest.
    let vm = await ctx.api.vms.get(id);
    if (start && v.wait === true)
      vm = await waitUntilBooted(ctx, vm, await bootsDefaultGuest(ctx.api, vm), 0);
    if (ctx.json) return ctx.printJson(vm);
    ctx.print(
      `${vm.name} (${shortId(vm.id)}) ${colorState(ctx.out, vm.state)}${vm.guest_ip ? ` at ${vm.guest_ip}` : ''}`,
    );
    return 0;
  },
});

async function createRequest(ctx: CommandContext, name: string): Promise<CreateVmReq> {
  const vcpu = parsedOption(
    ctx,
    'vcpu',
    (s) => (/^\d+$/.test(s) && Number(s) > 0 ? Number(s) : undefined),
    '2',
  );
  const mem = parsedOption(ctx, 'mem', parseMemMib, '512M or 1G');
  const image = async (flag: 'kernel' | 'initrd' | 'rootfs') => {
    const ref = ctx.values[flag];
    return typeof ref === 'string' ? (await resolveImage(ctx.api, ref, flag)).id : undefined;
  };
  const [kernel, initrd, rootfs] = [await image('kernel'), await image('initrd'), await image('rootfs')];
  return {
    name,
    vcpu: vcpu ?? 1,
    mem_mib: mem ?? 256,
    ...(kernel ? { kernel_image_id: kernel } : {}),
    ...(initrd ? { initrd_image_id: initrd } : {}),
    ...(rootfs ? { rootfs_image_id: rootfs } : {}),
  };
}

const ACTIONS = {
  start: { target: ['running'], verb: 'starting', summary: 'start a stopped VM' },
  stop: {
    target: ['stopped'],
    verb: 'stopping',
    summary: 'stop a running or paused VM (graceful, then forced)',
  },
  pause: { target: ['paused'], verb: 'pausing', summary: 'pause a running VM' },
  resume: { target: ['running'], verb: 'resuming', summary: 'resume a paused VM' },
} as const;

function actionLeaf(action: keyof typeof ACTIONS) {
  const { target, verb, summary } = ACTIONS[action];
  return leaf({
    name: action,
    summary,
    args: ['VM'],
    completes: ['vm'],
    options: {
      wait: {
        ...WAIT_OPTION,
        help: `wait until the VM is ${target.join('/')}${action === 'start' ? ' and its guest has booted' : ''}`,
      },
      timeout: TIMEOUT_OPTION,
    },
    async run(ctx) {
      let vm = await resolveVm(ctx.api, ctx.positionals[0] as string);
      if (action === 'start') vm = await startAndMaybeWait(ctx, vm);
      else {
        const spinner = startSpinner(`${verb} ${vm.name}`);
        try {
          await ctx.api.vms[action](vm.id);
        } finally {
          spinner.stop();
        }
        vm =
          ctx.values.wait === true
            ? await waitForState(ctx.api, vm, [...target], timeoutOf(ctx))
            : await ctx.api.vms.get(vm.id);
      }
      ctx.print(`${vm.name}: ${colorState(ctx.out, vm.state)}`);
      return 0;
    },
  });
}

export const vmStart = actionLeaf('start');
export const vmStop = actionLeaf('stop');
export const vmPause = actionLeaf('pause');
export const vmResume = actionLeaf('resume');

export const vmRm = leaf({
  name: 'rm',
  summary: 'delete a VM (stops it first); asks unless --yes',
  args: ['VM'],
  completes: ['vm'],
  options: { yes: YES_OPTION },
  async run(ctx) {
    const vm = await resolveVm(ctx.api, ctx.positionals[0] as string);
    if (!(await confirm(ctx, `Delete VM ${vm.name} (${shortId(vm.id)}, ${vm.state})?`))) {
      process.stderr.write('not deleted\n');
      return 1;
    }
    const spinner = startSpinner(`deleting ${vm.name}`);
    try {
      await ctx.api.vms.delete(vm.id);
    } finally {
      spinner.stop();
    }
    ctx.print(`deleted ${vm.name}`);
    return 0;
  },
});

export async function vmNames(api: ManagerClient): Promise<string[]> {
  return (await listAllVms(api)).map((v) => v.name);
}
