// Boots real guests under TCG through the VmBackend contract: console, pause/resume, exits.
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeController } from '../backend.js';
import {
  GUEST_READY_LINE,
  type GuestCtx,
  guestContext,
  guestResources,
} from './guest-harness.test-support.js';
import { createQemuBackend } from './qemu-backend.js';

const backend = createQemuBackend({ accel: 'tcg' });

describe('QEMU backend lifecycle', () => {
  let g: GuestCtx | undefined;
  let vm: RuntimeController | undefined;
  afterEach(async () => {
    await vm?.kill();
    await g?.cleanup();
    vm = undefined;
    g = undefined;
  });

  it('boots to the readiness line, talks on the console, pauses, resumes and powers off on Ctrl+Alt+Del', async () => {
    g = await guestContext('lifecycle');
    const started = Date.now();
    // 1. Boot and wait for the guest's readiness line.
    vm = await backend.boot(await guestResources(g.dir), g.ctx);
    await g.console.waitFor(GUEST_READY_LINE);
    g.ctx.log.info('boot', { ms: Date.now() - started });
    expect(vm.state).toBe('Running');
    // 2. Console in and out.
    expect(await g.console.check('echo $((6 * 7))')).toBe('42');
    // 3. While paused the guest answers nothing; after Resume the pending command runs.
    await vm.handle({ kind: 'Pause' });
    expect(vm.state).toBe('Paused');
    const answered = g.console.waitFor('paused-check-77', { timeoutMs: 1500 }).then(
      () => true,
      () => false,
    );
    g.console.write('echo paused-check-$((70 + 7))\n');
    expect(await answered).toBe(false);
    await vm.handle({ kind: 'Resume' });
    await g.console.waitFor('paused-check-77');
    expect(vm.state).toBe('Running');
    // 4. Pre-boot-only actions are refused in Firecracker's words.
    await expect(vm.handle({ kind: 'StartMicroVm' })).rejects.toThrow(
      'The requested operation is not supported after starting the microVM.',
    );
    const full = (await vm.handle({ kind: 'GetFullVmConfig' })) as {
      kind: 'Json';
      body: { drives: unknown[] };
    };
    expect(full.body.drives).toHaveLength(1);
    // 5. Ctrl+Alt+Del: the guest powers off and the VM exits cleanly.
    await vm.handle({ kind: 'SendCtrlAltDel' });
    const exit = await vm.exited;
    expect(exit.code).toBe(0);
  });

  it('reports a non-zero exit when QEMU dies', async () => {
    g = await guestContext('crash');
    const ctl = await backend.boot(await guestResources(g.dir), g.ctx);
    vm = ctl;
    await g.console.waitFor(GUEST_READY_LINE);
    process.kill(ctl.qemuPid, 'SIGKILL');
    const exit = await vm.exited;
    expect(exit.code).not.toBe(0);
    expect(exit.reason).toContain('SIGKILL');
  });
});

describe('QEMU backend refusals', () => {
  it('refuses vsock, pmem and memory hotplug at InstanceStart, before QEMU starts, saying why', async () => {
    const g = await guestContext('refusals');
    try {
      const base = await guestResources(g.dir);
      const start = (change: (r: typeof base) => void) => {
        const r = structuredClone(base);
        change(r);
        return backend.boot(r, g.ctx);
      };
      await expect(
        start((r) => {
          r.vsock = { guest_cid: 3, uds_path: `${g.dir}/v.sock` };
        }),
      ).rejects.toThrow(/vsock needs \/dev\/vhost-vsock|no bridge from the host side of vhost-vsock/);
      await expect(
        start((r) => {
          r.pmem.push({ id: 'pm0', path_on_host: `${g.dir}/rootfs.ext4` });
        }),
      ).rejects.toThrow('QEMU 7.2 microvm has no device-memory region, so virtio-pmem is never mapped');
      await expect(
        start((r) => {
          r.memoryHotplug = { total_size_mib: 1024, block_size_mib: 2, slot_size_mib: 128 };
        }),
      ).rejects.toThrow('QEMU 7.2 microvm has no device-memory region, so virtio-mem is never mapped');
    } finally {
      await g.cleanup();
    }
  });
});
