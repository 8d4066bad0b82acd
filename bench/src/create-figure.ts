// Figure (issues 9, 5, 6): create → guest console answers, four ways in one run: plain QEMU, fc-vmm, agent, manager.
import type { Figure, Row } from './report.js';
import { agentSide } from './sides/agent-side.js';
import { directSide } from './sides/direct-side.js';
import { managerSide } from './sides/manager-side.js';
import { startPlainMmds } from './sides/plain-mmds.js';
import { plainSide } from './sides/plain-side.js';
import { alternate, type Samples, timeToAnswer } from './sides/side.js';
import { captureTemplate, type VmTemplate } from './sides/vm-template.js';
import type { BenchStack } from './stack/bench-stack.js';
import { pairedRatio, summarize } from './stats.js';

/** A manager-made VM, read back as the template the direct sides replay; also warms every layer up. */
export async function templateFromManager(stack: BenchStack, tag: string): Promise<VmTemplate> {
  const { launched } = await timeToAnswer(managerSide(stack.client), tag);
  try {
    return await captureTemplate(stack.managed, launched.id as string);
  } finally {
    await launched.teardown();
  }
}

export async function createFigure(stack: BenchStack, dir: string, rounds: number): Promise<Figure> {
  const template = await templateFromManager(stack, 'cwarm');
  const sides = [
    plainSide(stack.standalone.netns, template, dir),
    directSide(stack.standalone.netns, template, dir),
    agentSide(stack.standalone, template.agentSpec),
    managerSide(stack.client),
  ];
  // Plain QEMU has no MMDS of its own: a small server answers its guests as fc-vmm answers ours.
  const stopMmds = await startPlainMmds(stack.standalone.netns, template, dir);
  let s: Samples;
  try {
    // One discarded round: page cache, JIT and first-use costs of every side.
    await alternate(sides, 1, 'cw');
    s = await alternate(sides, rounds, 'c');
  } finally {
    await stopMmds();
  }
  const get = s.answer;
  const ratio = (label: string, a: string, b: string, target?: number): Row => ({
    label,
    summary: pairedRatio(get(a), get(b)),
    unit: '×',
    ...(target ? { target } : {}),
  });
  // The API's own cost without the boot's noise: call → answered and console attached.
  const overhead = (a: string, b: string) => s.attached(a).map((v, i) => v - (s.attached(b)[i] as number));
  return {
    id: 'create',
    title: 'Create → guest console answers: plain QEMU, fc-vmm, agent API, manager API',
    unit: 'ms',
    rows: sides.map((side) => ({ label: side.label, summary: summarize(get(side.key)) })),
    extra: [
      ratio('manager API / plain QEMU (issue 9)', 'mgr', 'qemu', 1.1),
      ratio('agent API / fc-vmm direct (issue 5)', 'agent', 'fcvmm', 1.05),
      ratio('manager API / agent API (issue 6)', 'mgr', 'agent', 1.05),
      ratio('fc-vmm direct / plain QEMU', 'fcvmm', 'qemu'),
      // Each side's own steps before the guest runs on its own (disk, TAP, process, API calls,
      // console attached), and the differences that issues 5 and 6 are about, per round.
      ...sides.map((side) => ({
        label: `${side.label.split(':')[0]}: start steps done, console attached`,
        summary: summarize(s.attached(side.key)),
        unit: 'ms',
      })),
      {
        label: 'agent minus fc-vmm direct, start steps',
        summary: summarize(overhead('agent', 'fcvmm')),
        unit: 'ms',
      },
      { label: 'manager minus agent, start steps', summary: summarize(overhead('mgr', 'agent')), unit: 'ms' },
    ],
    notes: [
      "Every side boots the same guest: the agent's spec, fc-vmm configuration (GET /vm/config, MMDS) and QEMU command line of a manager-made VM, with a private root-disk copy and a TAP on the same bridge. The clock runs from the first step a user of that side takes (plain and fc-vmm: copying the disk and making the TAP) until the guest printed its ready line and echoed a marker typed on its console (agent and manager: through their console WebSockets, the manager's with a single-use ticket).",
      'Sides run in rotating order, one discarded warm-up round first; ratios are medians of per-round ratios.',
    ],
  };
}
