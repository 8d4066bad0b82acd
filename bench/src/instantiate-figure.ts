// Figure (issue 9): snapshot instantiate → guest answers through the manager, vs cold create and vs plain QEMU -incoming.
import type { Figure, Row } from './report.js';
import { incomingSide, savePlainGuest } from './sides/incoming-side.js';
import { instantiateSide } from './sides/instantiate-side.js';
import { managerSide } from './sides/manager-side.js';
import { startPlainMmds } from './sides/plain-mmds.js';
import { alternate, timeToAnswer } from './sides/side.js';
import { captureTemplate } from './sides/vm-template.js';
import type { BenchStack } from './stack/bench-stack.js';
import { pairedRatio, summarize } from './stats.js';

export async function instantiateFigure(stack: BenchStack, dir: string, rounds: number): Promise<Figure> {
  const client = stack.client;
  // 1. The source: a manager-made guest that answered on its console, then a Full snapshot of it.
  const { launched: source } = await timeToAnswer(managerSide(client), 'isnap');
  const sourceId = source.id as string;
  let snapshotId: string | undefined;
  let saved: Awaited<ReturnType<typeof savePlainGuest>> | undefined;
  let stopMmds: (() => Promise<void>) | undefined;
  try {
    const template = await captureTemplate(stack.managed, sourceId);
    const tSnap = performance.now();
    snapshotId = (await client.snapshots.create(sourceId, { name: 'bench-snap' })).id;
    const snapshotMs = performance.now() - tSnap;
    // 2. The same guest (same command line) on plain QEMU, booted to the same point and saved;
    // a small MMDS answers it as fc-vmm answers ours.
    stopMmds = await startPlainMmds(stack.standalone.netns, template, dir);
    saved = await savePlainGuest(stack.standalone.netns, template, dir);
    const sides = [
      instantiateSide(client, snapshotId),
      managerSide(client),
      incomingSide(stack.standalone.netns, template, saved, dir),
    ];
    await alternate(sides, 1, 'iw');
    const s = await alternate(sides, rounds, 'i');
    const get = s.answer;
    const ratio = (label: string, a: string, b: string, target: number): Row => ({
      label,
      summary: pairedRatio(get(a), get(b)),
      unit: '×',
      target,
    });
    return {
      id: 'instantiate',
      title: 'Snapshot instantiate → guest answers (manager API), vs cold create and plain QEMU -incoming',
      unit: 'ms',
      rows: sides.map((side) => ({ label: side.label, summary: summarize(get(side.key)) })),
      extra: [
        ratio('instantiate / cold create (manager API)', 'instantiate', 'mgr', 0.3),
        ratio('instantiate (manager API) / plain QEMU -incoming', 'instantiate', 'incoming', 1.2),
      ],
      notes: [
        `Source: one manager-made guest (256 MiB) that answered on its console; POST /v1/vms/{id}/snapshots (Full) took ${Math.round(snapshotMs)} ms. The plain side restores a migration file of the same guest booted with the same QEMU command line, from a copy of its disk.`,
        'Restored guests are already past their ready line: the clock stops when they echo a marker typed on the console. Cold creates wait for the ready line first, as in the create figure.',
      ],
    };
  } finally {
    await stopMmds?.();
    await saved?.remove();
    if (snapshotId) await client.snapshots.delete(snapshotId).catch(() => undefined);
    await source.teardown();
  }
}
