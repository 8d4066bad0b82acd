// A VM dies with its VMM: SIGKILL of fc-vmm must not leave QEMU running (as with firecracker).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFirecrackerClient } from '@nqvm/fc-api';
import { guestKernelCmdline, manifestItem } from '@nqvm/guest-image';
import { testImages } from '@nqvm/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../../bin/fc-vmm', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fc-vmm-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pids whose parent is `ppid`, found through /proc. */
function childrenOf(ppid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** True while the process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('fc-vmm killed with SIGKILL', () => {
  it('takes its QEMU down with it', async () => {
    const images = await testImages();
    const rootfs = join(dir, 'rootfs.ext4');
    execFileSync('cp', ['--sparse=always', manifestItem(images, 'rootfs').path, rootfs]);
    const sock = join(dir, 'api.sock');
    const vmm = spawn(bin, ['--api-sock', sock, '--id', 'kill-test'], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const client = createFirecrackerClient(sock);
    try {
      // 1. Wait for the API, configure and start a guest.
      for (;;) {
        const ok = await client.raw('GET', '/').then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await client.putBootSource({
        kernel_image_path: manifestItem(images, 'kernel').path,
        initrd_path: manifestItem(images, 'initrd').path,
        boot_args: guestKernelCmdline(),
      });
      await client.putDrive({
        drive_id: 'rootfs',
        path_on_host: rootfs,
        is_root_device: true,
        is_read_only: false,
      });
      await client.action('InstanceStart');
      const [qemu] = childrenOf(vmm.pid as number);
      expect(qemu, 'fc-vmm started a QEMU child').toBeGreaterThan(0);
      expect(readFileSync(`/proc/${qemu}/cmdline`, 'utf8')).toContain('qemu-system');

      // 2. SIGKILL fc-vmm: no handler runs, only the kernel's parent-death signal can stop QEMU.
      const exited = new Promise((r) => vmm.once('exit', r));
      vmm.kill('SIGKILL');
      await exited;
      const deadline = Date.now() + 10_000;
      while (alive(qemu as number) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(alive(qemu as number)).toBe(false);
    } finally {
      client.close();
      if (vmm.exitCode === null && vmm.signalCode === null) vmm.kill('SIGKILL');
    }
  });
});
