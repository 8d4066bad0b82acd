// The guest every figure boots: the default images, a private root-disk copy per run, one command line.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { GUEST_READY_LINE, guestKernelCmdline, type Manifest, manifestItem } from '@nqvm/guest-image';
import type { FcVmm } from './processes.js';

export const READY = GUEST_READY_LINE;
export const MEM_MIB = 256;

/** A sparse private copy of the root disk, so no run sees another's writes. */
export function rootfsCopy(manifest: Manifest, dir: string, tag: string): string {
  const path = join(dir, `${tag}.ext4`);
  rmSync(path, { force: true });
  execFileSync('cp', ['--sparse=always', manifestItem(manifest, 'rootfs').path, path]);
  return path;
}

/** Configures a fresh fc-vmm with the default guest, as the agent does, without starting it. */
export async function configureGuest(vmm: FcVmm, manifest: Manifest, rootfs: string): Promise<void> {
  await vmm.client.putMachineConfig({ vcpu_count: 1, mem_size_mib: MEM_MIB });
  await vmm.client.putBootSource({
    kernel_image_path: manifestItem(manifest, 'kernel').path,
    initrd_path: manifestItem(manifest, 'initrd').path,
    boot_args: guestKernelCmdline(),
  });
  await vmm.client.putDrive({
    drive_id: 'rootfs',
    path_on_host: rootfs,
    is_root_device: true,
    is_read_only: false,
  });
}

/**
 * Types a command and waits for its answer: the guest is not just booted but usable. Typed again
 * every 10 s without an answer: with many guests booting at once, a line typed just as the shell
 * set up its terminal was seen lost once, and the figure should measure the guest, not that.
 */
export async function consoleAnswers(
  console: FcVmm['console'],
  tag: string,
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    console.write(`echo ${tag}-$((6*7))\n`);
    try {
      await console.waitFor(`${tag}-42`, {
        timeoutMs: Math.max(1, Math.min(10_000, deadline - performance.now())),
      });
      return;
    } catch (err) {
      // A closed console (not a timeout) or the overall deadline ends the wait.
      if (!/^Timed out/.test((err as Error).message) || performance.now() >= deadline) throw err;
    }
  }
}
