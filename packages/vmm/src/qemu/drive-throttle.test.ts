// Token buckets become QEMU leaky-bucket throttles with the same average rate.
import { describe, expect, it } from 'vitest';
import { driveThrottle } from './drive-throttle.js';

describe('driveThrottle', () => {
  it('turns size/refill_time into a rate and size+burst into the burst allowance', () => {
    const t = driveThrottle({
      bandwidth: { size: 1_048_576, refill_time: 100, one_time_burst: 4_194_304 },
      ops: { size: 100, refill_time: 1000 },
    });
    expect(t.bps).toBe(10_485_760);
    expect(t.bps_max).toBeUndefined();
    expect(t.iops).toBe(100);
    expect(t.iops_max).toBeUndefined();
  });

  it('keeps a burst larger than one second of rate', () => {
    const t = driveThrottle({ bandwidth: { size: 2_000_000, refill_time: 4000 } });
    expect(t).toMatchObject({ bps: 500_000, bps_max: 2_000_000, bps_max_length: 1, iops: 0 });
  });

  it('maps an absent or empty limiter to zeros (no throttling)', () => {
    expect(driveThrottle(undefined)).toEqual({
      bps: 0,
      bps_rd: 0,
      bps_wr: 0,
      iops: 0,
      iops_rd: 0,
      iops_wr: 0,
    });
    expect(driveThrottle({ bandwidth: { size: 0, refill_time: 0 } }).bps).toBe(0);
  });
});
