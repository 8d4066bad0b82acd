// The one-time burst is spent once: the throttle loses its burst allowance when counters pass it.
import { describe, expect, it } from 'vitest';
import type { QmpClient } from '../qemu/qmp-client.js';
import { createDriveBursts } from './drive-bursts.js';

/** A QMP stand-in: block counters we set, and a log of the throttles applied. */
function fakeQmp() {
  const stats = { rd_bytes: 0, wr_bytes: 0, rd_operations: 0, wr_operations: 0, flush_operations: 0 };
  const throttles: Record<string, unknown>[] = [];
  let polled = 0;
  const qmp = {
    async execute(command: string, args?: Record<string, unknown>) {
      if (command === 'query-blockstats') {
        polled++;
        return [{ qdev: '/machine/peripheral/blk-data/virtio-backend', stats: { ...stats } }];
      }
      if (command === 'block_set_io_throttle') throttles.push(args ?? {});
      return {};
    },
  } as unknown as QmpClient;
  return { qmp, stats, throttles, polls: () => polled };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

const drive = {
  drive_id: 'data',
  is_root_device: false,
  rate_limiter: {
    bandwidth: { size: 2_000_000, refill_time: 4000, one_time_burst: 1_000_000 },
    ops: { size: 100, refill_time: 1000, one_time_burst: 50 },
  },
};

describe('drive one-time bursts', () => {
  it('drops each bucket’s burst from the throttle once the drive has done that much', async () => {
    const q = fakeQmp();
    q.stats.rd_bytes = 5_000_000; // done before the limiter: does not count
    const bursts = createDriveBursts(q.qmp, undefined, 1);
    await bursts.track(drive);
    expect(bursts.left()).toEqual({ data: { bandwidth: 1_000_000, ops: 50 } });
    // 1. Part of the byte burst spent: nothing to change yet.
    q.stats.rd_bytes += 400_000;
    q.stats.rd_operations += 10;
    await until('the poll to see it', () => bursts.left().data?.bandwidth === 600_000);
    expect(q.throttles).toEqual([]);
    // 2. The rest of it (reads and writes count): bps_max drops to the bucket size alone. The
    //    re-applied throttle starts empty, so the ops allowance is what is left of its burst (50 - 10).
    q.stats.wr_bytes += 700_000;
    await until('the byte burst to be gone', () => q.throttles.length === 1);
    expect(q.throttles[0]).toMatchObject({ id: 'blk-data', bps: 500_000, bps_max: 2_000_000, iops_max: 140 });
    // 3. The ops burst goes too (flushes count as ops); then polling stops.
    q.stats.flush_operations += 40;
    await until('the ops burst to be gone', () => q.throttles.length === 2);
    expect(q.throttles[1]).toMatchObject({ bps_max: 2_000_000, iops: 100 });
    expect(q.throttles[1]?.iops_max).toBeUndefined();
    expect(bursts.left()).toEqual({ data: { bandwidth: 0, ops: 0 } });
    const polls = q.polls();
    await new Promise((r) => setTimeout(r, 20));
    expect(q.polls()).toBe(polls);
    bursts.close();
  });

  it('starts from what a snapshot left, and never polls without a burst', async () => {
    const q = fakeQmp();
    const bursts = createDriveBursts(q.qmp, undefined, 1);
    await bursts.track(drive, { bandwidth: 0, ops: 0 });
    const polls = q.polls();
    await new Promise((r) => setTimeout(r, 20));
    expect(q.polls()).toBe(polls);
    expect(bursts.left()).toEqual({ data: { bandwidth: 0, ops: 0 } });
    bursts.close();
  });
});
