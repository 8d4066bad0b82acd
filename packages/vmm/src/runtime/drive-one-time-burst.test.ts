// one_time_burst on a real guest's drive: QEMU's burst allowance is removed once spent and stays gone across a snapshot.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GUEST_READY_LINE,
  type GuestCtx,
  guestContext,
  guestResources,
} from '../qemu/guest-harness.test-support.js';
import { createQemuBackend } from '../qemu/qemu-backend.js';
import { readHeader } from '../snapshot/snapshot-file.js';
import type { QemuRuntimeController } from './runtime-controller.js';

const MiB = 1024 * 1024;

/** The byte-rate throttle QEMU applies to the data drive right now. */
async function dataThrottle(vm: QemuRuntimeController): Promise<{ bps: number; bps_max?: number }> {
  const devices =
    await vm.qmp.execute<Array<{ qdev?: string; inserted?: { bps: number; bps_max?: number } }>>(
      'query-block',
    );
  const inserted = devices.find((d) => d.qdev?.includes('blk-data'))?.inserted;
  if (!inserted) throw new Error('no data drive in query-block');
  return inserted;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('drive one_time_burst', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  });
  async function ctx(name: string): Promise<GuestCtx> {
    const g = await guestContext(name);
    cleanups.push(() => g.cleanup());
    return g;
  }

  it('is spent once: the burst leaves the throttle after the guest reads past it, also after a restore', async () => {
    const g = await ctx('burst');
    const r = await guestResources(g.dir);
    const data = join(g.dir, 'data.img');
    execFileSync('dd', ['if=/dev/zero', `of=${data}`, 'bs=1M', 'count=8', 'status=none']);
    // 1 MiB/s with 1 MiB of bucket and a 2 MiB one-time burst: QEMU gets bps_max = size + burst.
    const limit = { bandwidth: { size: MiB, refill_time: 1000, one_time_burst: 2 * MiB } };
    r.drives.push({ drive_id: 'data', is_root_device: false, path_on_host: data, rate_limiter: limit });
    const vm = await createQemuBackend({ accel: 'tcg' }).boot(r, g.ctx);
    cleanups.push(() => vm.kill());
    await g.console.waitFor(GUEST_READY_LINE);
    expect(await dataThrottle(vm)).toMatchObject({ bps: MiB, bps_max: 3 * MiB });

    // 1. Read more than the burst: fc-vmm sees it in the block counters and re-applies the
    //    throttle without it (here the bucket alone is one second of rate: no bps_max at all).
    await g.console.check('dd if=/dev/vdb of=/dev/null bs=1M count=4 2>/dev/null', { timeoutMs: 90_000 });
    await until('the burst to leave the throttle', async () => !(await dataThrottle(vm)).bps_max);
    expect(await dataThrottle(vm)).toMatchObject({ bps: MiB });
    // GET /vm/config keeps reporting the configured limiter, as Firecracker does.
    expect(vm.resources.drives[1]?.rate_limiter).toEqual(limit);

    // 2. A snapshot records the spent burst; the restored VM does not get it back.
    await vm.handle({ kind: 'Pause' });
    const snap = { snapshot_path: join(g.dir, 'vm.snap'), mem_file_path: join(g.dir, 'vm.mem') };
    await vm.handle({ kind: 'CreateSnapshot', params: snap });
    expect(readHeader(snap.snapshot_path).header.driveBurstsLeft).toEqual({ data: { bandwidth: 0, ops: 0 } });
    await vm.kill();
    const c = await ctx('burst-restored');
    const restored = await createQemuBackend({ accel: 'tcg' }).loadSnapshot(snap, c.ctx);
    cleanups.push(() => restored.kill());
    expect((await dataThrottle(restored)).bps_max ?? 0).toBe(0);

    // 3. A PATCH that names the bandwidth bucket starts it afresh, burst included.
    await restored.handle({ kind: 'UpdateBlockDevice', update: { drive_id: 'data', rate_limiter: limit } });
    expect(await dataThrottle(restored)).toMatchObject({ bps: MiB, bps_max: 3 * MiB });
  });
});
