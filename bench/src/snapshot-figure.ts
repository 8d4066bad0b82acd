// Figure: snapshot load → guest answers through fc-vmm, vs plain QEMU `-incoming` of the same guest state.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '@nqvm/guest-image';
import { connectQmp } from '@nqvm/testkit';
import { configureGuest, consoleAnswers, READY, rootfsCopy } from './guest-setup.js';
import { incomingArgs, plainQemuArgs, qemuArgvOf, startFcVmm, startPlainQemu } from './processes.js';
import type { Figure } from './report.js';
import { pairedRatio, summarize } from './stats.js';

interface Prepared {
  fcSnapshot: { snapshot_path: string; mem_file_path: string };
  plainArgs: string[];
  plainState: string;
  files: string[];
}

/** One booted guest of each kind, saved: fc-vmm's snapshot files and a plain QEMU migration file. */
async function prepare(manifest: Manifest, dir: string): Promise<Prepared> {
  const rootfs = rootfsCopy(manifest, dir, 'snap-fc');
  const vmm = await startFcVmm(dir, 'snap-src');
  await configureGuest(vmm, manifest, rootfs);
  await vmm.client.action('InstanceStart');
  await vmm.console.waitFor(READY);
  const fcSnapshot = { snapshot_path: join(dir, 'fc.snap'), mem_file_path: join(dir, 'fc.mem') };
  await vmm.client.patchVm('Paused');
  await vmm.client.createSnapshot({ ...fcSnapshot, snapshot_type: 'Full' });
  const fcArgs = qemuArgvOf(vmm.child.pid as number);
  await vmm.kill();

  const plainRootfs = rootfsCopy(manifest, dir, 'snap-plain');
  const plainArgs = plainQemuArgs(fcArgs, dir, 'snap-plain').map((a) => a.replace(rootfs, plainRootfs));
  const qemu = startPlainQemu(plainArgs, 'plain source');
  await qemu.console.waitFor(READY);
  const qmpPath = join(dir, 'snap-plain-qmp.sock');
  const qmp = await connectQmp(qmpPath);
  const plainState = join(dir, 'plain.state');
  await qmp.execute('stop');
  await qmp.execute('migrate', { uri: `exec:cat > ${plainState}` });
  for (;;) {
    const { status } = await qmp.execute<{ status: string }>('query-migrate');
    if (status === 'completed') break;
    if (status === 'failed') throw new Error('plain QEMU migration failed');
    await new Promise((r) => setTimeout(r, 10));
  }
  qmp.close();
  await qemu.kill();
  return {
    fcSnapshot,
    plainArgs,
    plainState,
    files: [rootfs, plainRootfs, fcSnapshot.snapshot_path, fcSnapshot.mem_file_path, plainState],
  };
}

export async function snapshotFigure(manifest: Manifest, dir: string, runs: number): Promise<Figure> {
  const p = await prepare(manifest, dir);
  const oursRunning: number[] = [];
  const oursAnswer: number[] = [];
  const loadAnswer: number[] = [];
  const plainAnswer: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // fc-vmm: process start → API → snapshot load with resume → console answers.
      const t0 = performance.now();
      const vmm = await startFcVmm(dir, `load-${i}`);
      const tLoad = performance.now();
      await vmm.client.loadSnapshot({
        snapshot_path: p.fcSnapshot.snapshot_path,
        mem_backend: { backend_type: 'File', backend_path: p.fcSnapshot.mem_file_path },
        resume_vm: true,
      });
      oursRunning.push(performance.now() - t0);
      await consoleAnswers(vmm.console, `fc${i}`);
      oursAnswer.push(performance.now() - t0);
      loadAnswer.push(performance.now() - tLoad);
      await vmm.kill();

      // Plain QEMU: the same command line restoring a full migration stream; it lands paused, then `cont`.
      const t1 = performance.now();
      const qemu = startPlainQemu(
        [...incomingArgs(p.plainArgs), '-incoming', `exec:cat ${p.plainState}`],
        `plain load ${i}`,
      );
      const qmp = await connectQmp(join(dir, 'snap-plain-qmp.sock'), 60_000, 1);
      for (;;) {
        const { status } = await qmp.execute<{ status: string }>('query-status');
        if (status !== 'inmigrate') break;
        await new Promise((r) => setTimeout(r, 1));
      }
      await qmp.execute('cont');
      qmp.close();
      await consoleAnswers(qemu.console, `pq${i}`);
      plainAnswer.push(performance.now() - t1);
      await qemu.kill();
    }
  } finally {
    for (const f of p.files) rmSync(f, { force: true });
    rmSync(join('/dev/shm', `nqvm-bench-${process.pid}-snap-plain.ram`), { force: true });
  }
  return {
    id: 'snapshot',
    title: 'Snapshot restore: process start → guest answers, fc-vmm load vs plain QEMU -incoming',
    unit: 'ms',
    rows: [
      { label: 'fc-vmm: start + PUT /snapshot/load (resume) → running', summary: summarize(oursRunning) },
      { label: 'fc-vmm: … → console answers', summary: summarize(oursAnswer) },
      { label: 'fc-vmm: PUT /snapshot/load call → console answers', summary: summarize(loadAnswer) },
      { label: 'plain QEMU -incoming (process start) → console answers', summary: summarize(plainAnswer) },
    ],
    // The figure is "snapshot load → running": from the load call, when fc-vmm is already
    // up (its own start-up is the socket-ready figure). The stricter ratio is reported as well.
    ratio: {
      label: 'fc-vmm load call / plain QEMU -incoming (to console answer)',
      summary: pairedRatio(loadAnswer, plainAnswer),
      target: 1.1,
    },
    extra: [
      {
        label: 'the same ratio including fc-vmm process start',
        summary: pairedRatio(oursAnswer, plainAnswer),
        unit: '×',
      },
    ],
    notes: [
      'fc-vmm keeps guest RAM in a file: its snapshot is device state plus a sparse memory file; plain QEMU restores one migration stream carrying RAM.',
    ],
  };
}
