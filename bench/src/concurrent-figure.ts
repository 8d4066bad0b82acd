// Figure (issue 9): N VMs created at once through the manager API (cold boot, and instantiated from a snapshot), vs one alone.
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
}

/** Rounds of: one guest alone, then `count` at once, all through `side`. */
async function atOnce(stack: BenchStack, side: Side, rounds: number, count: number, prefix: string) {
  const out: AtOnce = { alone: [], together: [], each: [] };
  // A discarded single launch first: the agent's image cache and the manager's JIT are warm.
  await (await timeToAnswer(side, `${prefix}warm`)).launched.teardown();
  for (let r = 0; r < rounds; r++) {
    const one = await timeToAnswer(side, `${prefix}${r}one`);
    out.alone.push(one.ms);
    await one.launched.teardown();
    const many = await createMany(stack, count, `${prefix}${r}`, side);
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
    ],
    notes: [
      `Each round launches one VM alone, then ${count} at once (parallel POSTs, each then opening its shell WebSocket); "answers" is the create figure's readiness point (restored guests: the typed marker only). Cold boots: ${count} guests under TCG share this machine's CPUs, and a TCG boot keeps one CPU busy from start to shell, so the ratio cannot beat ${count} ÷ the number of CPUs (here ${(count / cpus().length).toFixed(1)}) however little the control plane adds; with KVM a boot is mostly waiting and the bound goes away. Snapshot instantiation (POST /v1/snapshots/{id}/instantiate, the template path) restores memory instead of booting, so it measures what the control plane does with ${count} requests at once.`,
    ],
  };
}
