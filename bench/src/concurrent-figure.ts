// Figure (issue 9): N VMs created at once through the manager API, time until all answer, vs one alone.
import type { Figure } from './report.js';
import { managerSide } from './sides/manager-side.js';
import { type Launched, timeToAnswer } from './sides/side.js';
import type { BenchStack } from './stack/bench-stack.js';
import { pairedRatio, summarize } from './stats.js';

/** Creates `count` guests at once; resolves when every one answered (tears all down if one fails). */
export async function createMany(
  stack: BenchStack,
  count: number,
  prefix: string,
): Promise<{ ms: number; each: number[]; launched: Launched[] }> {
  const side = managerSide(stack.client);
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

export async function concurrentFigure(stack: BenchStack, rounds: number, count: number): Promise<Figure> {
  const side = managerSide(stack.client);
  const alone: number[] = [];
  const together: number[] = [];
  const each: number[] = [];
  // A discarded single create first: the agent's image cache and the manager's JIT are warm.
  await (await timeToAnswer(side, 'pwarm')).launched.teardown();
  for (let r = 0; r < rounds; r++) {
    const one = await timeToAnswer(side, `p${r}one`);
    alone.push(one.ms);
    await one.launched.teardown();
    const many = await createMany(stack, count, `p${r}`);
    together.push(many.ms);
    each.push(...many.each);
    await Promise.all(many.launched.map((l) => l.teardown()));
  }
  return {
    id: 'concurrent',
    title: `${count} VMs created at once through the manager API vs one alone`,
    unit: 'ms',
    rows: [
      { label: 'one VM alone: POST /v1/vms → answers', summary: summarize(alone) },
      { label: `${count} at once: first POST → all answer`, summary: summarize(together) },
      { label: `${count} at once: each VM, its POST → it answers`, summary: summarize(each) },
    ],
    extra: [
      {
        label: `${count} at once / one alone`,
        summary: pairedRatio(together, alone),
        unit: '×',
        target: 4,
      },
    ],
    notes: [
      `Each round creates one VM alone, then ${count} at once (parallel POST /v1/vms, each then opening its shell WebSocket); "answers" is the create figure's readiness point. ${count} guests under TCG share this machine's CPUs: the ratio cannot beat ${count} ÷ the number of CPUs where booting is CPU-bound.`,
    ],
  };
}
