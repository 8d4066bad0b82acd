// Figure: InstanceStart → guest ready through fc-vmm, vs plain QEMU with the same command line.
import { rmSync } from 'node:fs';
import type { Manifest } from '@nqvm/guest-image';
import { configureGuest, READY, rootfsCopy } from './guest-setup.js';
import { plainQemuArgs, qemuArgvOf, startFcVmm, startPlainQemu } from './processes.js';
import type { Figure } from './report.js';
import { pairedRatio, summarize } from './stats.js';

export async function bootFigure(manifest: Manifest, dir: string, runs: number): Promise<Figure> {
  const ours: number[] = [];
  const plain: number[] = [];
  const socketReady: number[] = [];
  let plainArgs: string[] | null = null;
  for (let i = 0; i < runs; i++) {
    // fc-vmm side: configure, then time InstanceStart → readiness line on its console.
    const vmm = await startFcVmm(dir, `boot-${i}`);
    socketReady.push(vmm.readyMs);
    const rootfs = rootfsCopy(manifest, dir, `fc-${i}`);
    await configureGuest(vmm, manifest, rootfs);
    const t0 = performance.now();
    await vmm.client.action('InstanceStart');
    await vmm.console.waitFor(READY);
    ours.push(performance.now() - t0);
    const fcArgs = qemuArgvOf(vmm.child.pid as number);
    await vmm.kill();

    // Plain side, right after: the same QEMU command line with nothing around it.
    const plainRootfs = rootfsCopy(manifest, dir, `plain-${i}`);
    plainArgs = plainQemuArgs(fcArgs, dir, `plain-${i}`).map((a) => a.replace(rootfs, plainRootfs));
    const t1 = performance.now();
    const qemu = startPlainQemu(plainArgs, `plain ${i}`);
    await qemu.console.waitFor(READY);
    plain.push(performance.now() - t1);
    await qemu.kill();
    rmSync(rootfs, { force: true });
    rmSync(plainRootfs, { force: true });
  }
  // Socket readiness on its own: no guest boots, so many samples cost little.
  for (let i = 0; i < runs * 4; i++) {
    const vmm = await startFcVmm(dir, `ready-${i}`);
    socketReady.push(vmm.readyMs);
    await vmm.kill();
    rmSync(vmm.socket, { force: true });
  }
  const ratio = pairedRatio(ours, plain);
  return {
    id: 'boot',
    title: 'Boot: InstanceStart → guest ready, fc-vmm vs plain QEMU',
    unit: 'ms',
    rows: [
      { label: 'fc-vmm (API InstanceStart → ready line)', summary: summarize(ours) },
      { label: 'plain QEMU (process start → ready line)', summary: summarize(plain) },
    ],
    ratio: { label: 'fc-vmm / plain QEMU', summary: ratio, target: 1.05 },
    extra: [
      { label: 'fc-vmm process start → API socket answers', summary: summarize(socketReady), target: 50 },
    ],
    notes: [
      `Socket readiness: spawn of bin/fc-vmm (its sh wrapper, then Node) until \`GET /\` answers; the socket file's creation is watched with inotify, then one request is sent. ${runs} samples from the boots above plus ${runs * 4} spawns without a boot.`,
      `Plain QEMU command line (from fc-vmm, minus -S): \`qemu-system-x86_64 ${(plainArgs ?? []).join(' ')}\``,
    ],
  };
}
