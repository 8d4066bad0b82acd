// Figure (issue 9): per-VM memory of the control plane (fc-vmm and agent growth) with N idle VMs, next to the guest's own.

import { join } from 'node:path';
import { idlePoolVmms } from '@nqvm/testkit';
import { createMany } from './concurrent-figure.js';
import { childPids, procMem } from './proc-mem.js';
import type { Figure } from './report.js';
import type { Launched } from './sides/side.js';
import type { BenchStack } from './stack/bench-stack.js';
import { summarize } from './stats.js';

const BATCH = 5;
const SAMPLES = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function memoryFigure(stack: BenchStack, count: number): Promise<Figure> {
  const agentIdle = procMem(stack.managed.pid);
  const managerIdle = procMem(stack.managerPid);
  const launched: Launched[] = [];
  try {
    // In batches: every guest boots under TCG on the same CPUs, and this figure is about memory.
    for (let k = 0; k < count; k += BATCH) {
      launched.push(...(await createMany(stack, Math.min(BATCH, count - k), `m${k}`)).launched);
    }
    await sleep(5_000);
    const vmmRss: number[] = [];
    const vmmPss: number[] = [];
    const vmmUss: number[] = [];
    const guestRss: number[] = [];
    const agentGrowth: number[] = [];
    const managerGrowth: number[] = [];
    const poolRss: number[] = [];
    const poolUss: number[] = [];
    const planeRss: number[] = [];
    const planePss: number[] = [];
    const planeUss: number[] = [];
    for (let s = 0; s < SAMPLES; s++) {
      if (s > 0) await sleep(2_000);
      const res = await stack.managed.fetch('/v1/vms');
      const vms = ((await res.json()) as { items: { pid?: number }[] }).items;
      const pids = vms.flatMap((v) => (v.pid ? [v.pid] : []));
      if (pids.length !== count)
        throw new Error(`expected ${count} running VMMs, the agent lists ${pids.length}`);
      for (const pid of idlePoolVmms(join(stack.managed.dataDir, 'vms', '.pool'))) {
        const m = procMem(pid);
        poolRss.push(m.rssMiB);
        poolUss.push(m.ussMiB);
      }
      const agentPerVm = (procMem(stack.managed.pid).rssMiB - agentIdle.rssMiB) / count;
      agentGrowth.push(agentPerVm);
      managerGrowth.push((procMem(stack.managerPid).rssMiB - managerIdle.rssMiB) / count);
      for (const pid of pids) {
        const vmm = procMem(pid);
        vmmRss.push(vmm.rssMiB);
        vmmPss.push(vmm.pssMiB);
        vmmUss.push(vmm.ussMiB);
        planeRss.push(vmm.rssMiB + agentPerVm);
        planePss.push(vmm.pssMiB + agentPerVm);
        planeUss.push(vmm.ussMiB + agentPerVm);
        for (const q of childPids(pid)) guestRss.push(procMem(q).rssMiB);
      }
    }
    return {
      id: 'memory',
      title: `Memory per VM with ${count} idle VMs: control plane vs the guest`,
      unit: 'MiB',
      rows: [
        {
          label: 'control plane per VM, PSS: what each VM costs the machine (fc-vmm + agent growth)',
          summary: summarize(planePss),
          target: 40,
        },
        {
          label: 'control plane per VM, USS: freed when one VM goes (fc-vmm private + agent growth)',
          summary: summarize(planeUss),
        },
        {
          label: 'control plane per VM, RSS: counts Node’s shared code in every VM',
          summary: summarize(planeRss),
        },
        { label: 'fc-vmm process RSS', summary: summarize(vmmRss) },
        { label: 'fc-vmm process PSS (shared pages split)', summary: summarize(vmmPss) },
        { label: 'fc-vmm process USS (private pages)', summary: summarize(vmmUss) },
        { label: 'agent RSS growth per VM', summary: summarize(agentGrowth) },
        { label: 'manager RSS growth per VM', summary: summarize(managerGrowth) },
        { label: 'guest: its QEMU process RSS (256 MiB guest)', summary: summarize(guestRss) },
        // NQVM_VMM_POOL=0 leaves no idle VMM to report.
        ...(poolRss.length === 0
          ? []
          : [
              {
                label: `agent's idle pooled VMMs (a fixed cost, not per VM): ${poolRss.length / SAMPLES} · RSS each`,
                summary: summarize(poolRss),
              },
              { label: "agent's idle pooled VMMs: USS each", summary: summarize(poolUss) },
            ]),
        { label: 'agent RSS just after start-up (idle)', summary: summarize([stack.startRssMiB.agent]) },
        { label: 'agent RSS with no VM, after the earlier figures', summary: summarize([agentIdle.rssMiB]) },
        {
          label: 'manager RSS just after start-up (PGlite in-process)',
          summary: summarize([stack.startRssMiB.manager]),
        },
        {
          label: 'manager RSS with no VM, after the earlier figures',
          summary: summarize([managerIdle.rssMiB]),
        },
      ],
      notes: [
        `${count} guests created through the manager (${BATCH} at a time) until each answered on its console, then left idle 5 s; ${SAMPLES} samples 2 s apart. Growth is measured from the "no VM" sample taken when this figure starts.`,
        `The target is checked on PSS. RSS counts the pages every fc-vmm shares (the Node binary and its libraries, ~34 MiB, mapped once in memory) in full in each of the ${count} processes, so a sum of RSS overstates what the VMs cost by that much per VM; PSS splits shared pages between the processes that map them, so the PSS of all VMMs adds up to what they occupy, and USS (private pages) is what the machine gets back when one VM goes. One Node process alone is ~40 MiB RSS: an RSS under 40 MiB per VM would need a VMM shim that is not a Node process.`,
      ],
    };
  } finally {
    await Promise.all(launched.map((l) => l.teardown().catch(() => undefined)));
  }
}
