// Figure (issue 9): N VMs created at once through the manager API (cold boot, and instantiated from a snapshot), vs one alone.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Figure, Row } from './report.js';
import { instantiateSide } from './sides/instantiate-side.js';
import { managerSide } from './sides/manager-side.js';
import { type Launched, type Side, timeToAnswer } from './sides/side.js';
import type { BenchStack } from './stack/bench-stack.js';
import { pairedRatio, summarize } from './stats.js';

/** Creates `count` guests at once; resolves when every one answered (tears all down if one fails). */
export async function createMany(
  stack: BenchStack,
  count: number,
  prefix: string,
  side: Side = managerSide(stack.client),
): Promise<{ ms: number; each: number[]; launched: Launched[] }> {
  const t0 = performance.now();
  const settled = await Promise.allSettled(
    Array.from({ length: count }, (_, k) => timeToAnswer(side, `${prefix}x${k}`)),
  );
  const ms = performance.now() - t0;
  const ok = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(ok.map((r) => r.launched.teardown().catch(() => undefined)));
    throw failed.reason;
  }
  return { ms, each: ok.map((r) => r.ms), launched: ok.map((r) => r.launched) };
}

interface AtOnce {
  alone: number[];
  together: number[];
  each: number[];
  /** CPU time the whole machine spent (all processes, guests included) per VM, N at once. */
  cpuPerVm: number[];
  /** The same for one VM alone. */
  cpuAlone: number[];
}

/** Busy CPU time of the whole machine so far (ms), from /proc/stat: everything but idle and iowait. */
function machineBusyMs(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number) as number[];
  const ticks = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return (ticks * 1000) / CLOCK_TICKS;
}
/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS = 100;

/** Rounds of: one guest alone, then `count` at once, all through `side`. */
async function atOnce(stack: BenchStack, side: Side, rounds: number, count: number, prefix: string) {
  const out: AtOnce = { alone: [], together: [], each: [], cpuPerVm: [], cpuAlone: [] };
  // A discarded single launch first: the agent's image cache and the manager's JIT are warm.
  await (await timeToAnswer(side, `${prefix}warm`)).launched.teardown();
  for (let r = 0; r < rounds; r++) {
    let busy = machineBusyMs();
    const one = await timeToAnswer(side, `${prefix}${r}one`);
    out.cpuAlone.push(machineBusyMs() - busy);
    out.alone.push(one.ms);
    await one.launched.teardown();
    busy = machineBusyMs();
    const many = await createMany(stack, count, `${prefix}${r}`, side);
    out.cpuPerVm.push((machineBusyMs() - busy) / count);
    out.together.push(many.ms);
    out.each.push(...many.each);
    await Promise.all(many.launched.map((l) => l.teardown()));
  }
  return out;
}

export async function concurrentFigure(stack: BenchStack, rounds: number, count: number): Promise<Figure> {
  const cold = await atOnce(stack, managerSide(stack.client), rounds, count, 'p');
  // The same through snapshot instantiation (how templates start): a restore reads memory instead
  // of booting a kernel on the CPU, so many at once are not bounded by CPU time as boots are.
  const { launched: source } = await timeToAnswer(managerSide(stack.client), 'psrc');
  let snapshotId: string | undefined;
  let warm: AtOnce;
  try {
    snapshotId = (await stack.client.snapshots.create(source.id as string, { name: 'bench-at-once' })).id;
    warm = await atOnce(stack, instantiateSide(stack.client, snapshotId), rounds, count, 'q');
  } finally {
    if (snapshotId) await stack.client.snapshots.delete(snapshotId).catch(() => undefined);
    await source.teardown();
  }
  const ratio = (label: string, s: AtOnce): Row => ({
    label,
    summary: pairedRatio(s.together, s.alone),
    unit: '×',
    target: 4,
  });
  // If the N launches are CPU-bound, N × (CPU per VM) spread over every CPU is the shortest the
  // batch can take; over the time one alone takes, that is the lowest ratio this machine allows.
  const floor = (s: AtOnce) => s.cpuPerVm.map((c, i) => (count * c) / cpus().length / (s.alone[i] as number));
  const cpuRows = (name: string, s: AtOnce): Row[] => [
    { label: `${name}: machine CPU time for one alone`, summary: summarize(s.cpuAlone), unit: 'ms' },
    {
      label: `${name}: machine CPU time per VM, ${count} at once`,
      summary: summarize(s.cpuPerVm),
      unit: 'ms',
    },
    {
      label: `${name}: CPU-bound floor of the ratio (${count} × CPU per VM ÷ ${cpus().length} CPUs ÷ one alone)`,
      summary: summarize(floor(s)),
      unit: '×',
    },
  ];
  return {
    id: 'concurrent',
    title: `${count} VMs created at once through the manager API vs one alone (cold boot, and from a snapshot)`,
    unit: 'ms',
    rows: [
      { label: 'cold boot, one VM alone: POST /v1/vms → answers', summary: summarize(cold.alone) },
      { label: `cold boot, ${count} at once: first POST → all answer`, summary: summarize(cold.together) },
      { label: `cold boot, ${count} at once: each VM, its POST → it answers`, summary: summarize(cold.each) },
      { label: 'from a snapshot, one alone: POST instantiate → answers', summary: summarize(warm.alone) },
      {
        label: `from a snapshot, ${count} at once: first POST → all answer`,
        summary: summarize(warm.together),
      },
      {
        label: `from a snapshot, ${count} at once: each VM, its POST → it answers`,
        summary: summarize(warm.each),
      },
    ],
    extra: [
      ratio(`cold boot: ${count} at once / one alone`, cold),
      ratio(`from a snapshot: ${count} at once / one alone`, warm),
      ...cpuRows('cold boot', cold),
      ...cpuRows('from a snapshot', warm),
    ],
    notes: [
      `Each round launches one VM alone, then ${count} at once (parallel POSTs, each then opening its shell WebSocket); "answers" is the create figure's readiness point (restored guests: the typed marker only). Cold boots: ${count} guests under TCG share this machine's CPUs, and a TCG boot keeps one CPU busy from start to shell, so the ratio cannot beat ${count} ÷ the number of CPUs (here ${(count / cpus().length).toFixed(1)}) however little the control plane adds; with KVM a boot is mostly waiting and the bound goes away. Snapshot instantiation (POST /v1/snapshots/{id}/instantiate, the template path) restores memory instead of booting, but each restore still costs CPU in QEMU (its start, loading the device state, the guest running again under TCG and taking its new identity from MMDS), in fc-vmm, the agent and the manager. The CPU rows (the whole machine's busy time from /proc/stat during the batch) show how close each ratio is to the floor that CPU time sets on ${cpus().length} CPUs: a ratio near its floor means the batch was CPU-bound, and only less CPU per VM (KVM instead of TCG above all) or more CPUs can lower it.`,
    ],
  };
}
