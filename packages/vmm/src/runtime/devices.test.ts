// Live device changes on real TCG guests: drive throttling caps dd, the balloon takes guest memory.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeController } from '../backend.js';
import {
  GUEST_READY_LINE,
  type GuestCtx,
  guestContext,
  guestResources,
} from '../qemu/guest-harness.test-support.js';
import { createQemuBackend } from '../qemu/qemu-backend.js';

const MiB = 1024 * 1024;

describe('runtime devices', () => {
  let g: GuestCtx | undefined;
  let vm: RuntimeController | undefined;
  afterEach(async () => {
    await vm?.kill();
    await g?.cleanup();
  });

  async function timed(cmd: string): Promise<number> {
    const t = performance.now();
    await g?.console.check(cmd, { timeoutMs: 90_000 });
    return performance.now() - t;
  }

  it('caps drive throughput with a token bucket and lifts or restores it with PATCH', async () => {
    g = await guestContext('throttle');
    const r = await guestResources(g.dir);
    const data = join(g.dir, 'data.img');
    execFileSync('dd', ['if=/dev/urandom', `of=${data}`, 'bs=1M', 'count=24', 'status=none']);
    const limit = { bandwidth: { size: MiB, refill_time: 1000 } };
    r.drives.push({ drive_id: 'data', is_root_device: false, path_on_host: data, rate_limiter: limit });
    vm = await createQemuBackend({ accel: 'tcg' }).boot(r, g.ctx);
    await g.console.waitFor(GUEST_READY_LINE);
    // 1. Limited to 1 MiB/s: 6 MiB take seconds. Each read uses fresh blocks (no page cache).
    const limited = await timed('dd if=/dev/vdb of=/dev/null bs=1M count=6 skip=0');
    // 2. PATCH lifts the limit live (zero-sized buckets mean unlimited).
    await vm.handle({
      kind: 'UpdateBlockDevice',
      update: { drive_id: 'data', rate_limiter: { bandwidth: { size: 0, refill_time: 0 } } },
    });
    const unlimited = await timed('dd if=/dev/vdb of=/dev/null bs=1M count=6 skip=6');
    // 3. PATCH puts it back.
    await vm.handle({ kind: 'UpdateBlockDevice', update: { drive_id: 'data', rate_limiter: limit } });
    const again = await timed('dd if=/dev/vdb of=/dev/null bs=1M count=6 skip=12');
    g.ctx.log.info('dd timings', { limited, unlimited, again });
    expect(limited).toBeGreaterThan(unlimited * 3);
    expect(again).toBeGreaterThan(unlimited * 3);
    const cfg = (await vm.handle({ kind: 'GetFullVmConfig' })) as {
      kind: 'Json';
      body: { drives: Array<{ rate_limiter?: unknown }> };
    };
    expect(cfg.body.drives[1]?.rate_limiter).toEqual(limit);
  });

  it('inflates the balloon and the guest sees less memory', async () => {
    const guest = await guestContext('balloon');
    g = guest;
    const r = await guestResources(g.dir, { memMib: 256 });
    r.balloon = { amount_mib: 0, deflate_on_oom: false, stats_polling_interval_s: 1 };
    vm = await createQemuBackend({ accel: 'tcg' }).boot(r, g.ctx);
    await g.console.waitFor(GUEST_READY_LINE);
    const memTotal = async () =>
      Number(/MemTotal:\s+(\d+)/.exec(await guest.console.check('cat /proc/meminfo'))?.[1]);
    const before = await memTotal();
    // 1. Inflate by 96 MiB; the driver gives the pages back to the host and MemTotal drops.
    await vm.handle({ kind: 'UpdateBalloon', update: { amount_mib: 96 } });
    let after = before;
    for (let i = 0; i < 60 && before - after < 80 * 1024; i++) {
      await new Promise((res) => setTimeout(res, 500));
      after = await memTotal();
    }
    expect(before - after).toBeGreaterThan(80 * 1024);
    // 2. Statistics come from the guest's stats queue.
    const stats = (await vm.handle({ kind: 'GetBalloonStats' })) as {
      kind: 'Json';
      body: Record<string, number>;
    };
    expect(stats.body.target_mib).toBe(96);
    expect(stats.body.actual_mib).toBeGreaterThan(80);
    await vm.handle({ kind: 'UpdateBalloonStatistics', update: { stats_polling_interval_s: 2 } });
    const cfg = (await vm.handle({ kind: 'GetBalloonConfig' })) as {
      kind: 'Json';
      body: Record<string, unknown>;
    };
    expect(cfg.body).toMatchObject({ amount_mib: 96, stats_polling_interval_s: 2 });
  });
});
