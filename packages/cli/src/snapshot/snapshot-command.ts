// `nqvm snapshot create|ls|get|restore|rm`: Full and Diff snapshots, restored into new VMs.
import type { Snapshot } from '@nqvm/client';
import { colorState } from '../api/colors.js';
import { group, leaf } from '../api/command.js';
import { confirm, YES_OPTION } from '../api/confirm.js';
import { formatDetails, shortId, TIMEOUT_OPTION, timeoutOf, WAIT_OPTION } from '../api/format.js';
import { startSpinner } from '../api/progress.js';
import { listAllSnapshots, resolveSnapshot, resolveVm } from '../api/resolve.js';
import { formatBytes, relativeTime } from '../api/units.js';
import { waitForState } from '../api/wait.js';
import { formatTable } from '../table.js';

const create = leaf({
  name: 'create',
  summary: 'snapshot a running or paused VM (Full, or --diff on top of its latest snapshot)',
  args: ['VM'],
  completes: ['vm'],
  options: {
    name: { type: 'string', value: 'NAME', help: 'snapshot name (default: generated)' },
    diff: { type: 'boolean', help: "a Diff snapshot: only memory changed since the VM's latest snapshot" },
    parent: {
      type: 'string',
      value: 'SNAPSHOT',
      help: 'with --diff: the snapshot to build on',
      completes: 'snapshot',
    },
  },
  json: true,
  async run(ctx) {
    const vm = await resolveVm(ctx.api, ctx.positionals[0] as string);
    const req: { name?: string; snapshot_type?: 'Full' | 'Diff'; parent_id?: string } = {};
    if (typeof ctx.values.name === 'string') req.name = ctx.values.name;
    if (ctx.values.diff === true) {
      req.snapshot_type = 'Diff';
      if (typeof ctx.values.parent === 'string')
        req.parent_id = (await resolveSnapshot(ctx.api, ctx.values.parent)).id;
      else {
        const done = (await ctx.api.snapshots.list(vm.id)).filter((s) => s.state === 'completed');
        const latest = done.sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
        if (!latest)
          throw ctx.usage(
            `${vm.name} has no completed snapshot for --diff to build on; take a Full one first`,
          );
        req.parent_id = latest.id;
      }
    } else if (ctx.values.parent !== undefined) throw ctx.usage('--parent only goes with --diff');
    const spinner = startSpinner(`snapshotting ${vm.name}`);
    let made: { id: string; name: string };
    try {
      made = await ctx.api.snapshots.create(vm.id, req);
    } finally {
      spinner.stop();
    }
    const snap = await ctx.api.snapshots.get(made.id);
    if (ctx.json) return ctx.printJson(snap);
    return ctx.print(
      `${snap.name} (${shortId(snap.id)}) of ${vm.name}: ${snap.snapshot_type}, ${formatBytes(snap.size_bytes)}`,
    );
  },
});

const ls = leaf({
  name: 'ls',
  summary: 'list snapshots (of one VM, or of all VMs)',
  args: ['[VM]'],
  completes: ['vm'],
  json: true,
  async run(ctx) {
    const ref = ctx.positionals[0];
    const vms = ref ? [await resolveVm(ctx.api, ref)] : undefined;
    const snaps = await listAllSnapshots(ctx.api, vms);
    if (ctx.json) return ctx.printJson(snaps);
    if (!snaps.length) return ctx.print("No snapshots. Take one with 'nqvm snapshot create VM'.");
    const byId = new Map(snaps.map((s) => [s.id, s.name]));
    const rows = snaps.map((s) => [
      s.name,
      shortId(s.id),
      s.vm_name,
      s.snapshot_type,
      colorState(ctx.out, s.state),
      formatBytes(s.size_bytes),
      s.parent_id ? (byId.get(s.parent_id) ?? shortId(s.parent_id)) : '-',
      relativeTime(s.created_at),
    ]);
    return ctx.print(formatTable(['NAME', 'ID', 'VM', 'TYPE', 'STATE', 'SIZE', 'PARENT', 'CREATED'], rows));
  },
});

const details = (s: Snapshot & { vm_name: string }) =>
  formatDetails([
    ['name', s.name],
    ['id', s.id],
    ['vm', `${s.vm_name} (${shortId(s.vm_id)})`],
    ['type', s.snapshot_type],
    ['state', s.state],
    ['size', formatBytes(s.size_bytes)],
    ['parent', s.parent_id],
    ['created', `${relativeTime(s.created_at)} (${s.created_at})`],
  ]);

const get = leaf({
  name: 'get',
  summary: 'show a snapshot (by name, ID, ID prefix or VM/NAME)',
  args: ['SNAPSHOT'],
  completes: ['snapshot'],
  json: true,
  async run(ctx) {
    const snap = await resolveSnapshot(ctx.api, ctx.positionals[0] as string);
    if (ctx.json) return ctx.printJson(snap);
    return ctx.print(details(snap));
  },
});

const restore = leaf({
  name: 'restore',
  summary: 'restore a snapshot into a NEW VM (new name, MAC and address); the source VM is untouched',
  args: ['SNAPSHOT'],
  completes: ['snapshot'],
  options: {
    name: { type: 'string', value: 'NEW', help: 'name of the new VM (required)' },
    wait: { ...WAIT_OPTION, help: 'wait until the new VM runs' },
    timeout: TIMEOUT_OPTION,
  },
  json: true,
  async run(ctx) {
    if (typeof ctx.values.name !== 'string')
      throw ctx.usage('--name NEW is required: the restored VM is a new VM');
    const snap = await resolveSnapshot(ctx.api, ctx.positionals[0] as string);
    const spinner = startSpinner(`restoring ${snap.name} as ${ctx.values.name}`);
    let made: { id: string };
    try {
      made = await ctx.api.snapshots.instantiate(snap.id, { name: ctx.values.name });
    } finally {
      spinner.stop();
    }
    let vm = await ctx.api.vms.get(made.id);
    if (ctx.values.wait === true) vm = await waitForState(ctx.api, vm, ['running', 'paused'], timeoutOf(ctx));
    if (ctx.json) return ctx.printJson(vm);
    return ctx.print(
      `${vm.name} (${shortId(vm.id)}) restored from ${snap.name}: ${colorState(ctx.out, vm.state)}`,
    );
  },
});

const rm = leaf({
  name: 'rm',
  summary: 'delete a snapshot (its Diff children first); asks unless --yes',
  args: ['SNAPSHOT'],
  completes: ['snapshot'],
  options: { yes: YES_OPTION },
  async run(ctx) {
    const snap = await resolveSnapshot(ctx.api, ctx.positionals[0] as string);
    if (!(await confirm(ctx, `Delete snapshot ${snap.name} of ${snap.vm_name}?`))) return 1;
    await ctx.api.snapshots.delete(snap.id);
    return ctx.print(`deleted snapshot ${snap.name}`);
  },
});

export const snapshotGroup = group({
  name: 'snapshot',
  summary: 'snapshot VMs and restore snapshots into new VMs',
  children: [create, ls, get, restore, rm],
});
