// Mbps ↔ token bucket: Firecracker's meaning of {size, refill_time}, round trips, and "unlimited".
import { describe, expect, it } from 'vitest';
import { bucketToMbps, describeLimiter, limiterFromMbps, limiterUpdate, mbpsToBucket } from './rate-limit';

describe('mbpsToBucket', () => {
  it('gives bytes per refill period: 10 Mbps at 100 ms is 125,000 bytes', () => {
    expect(mbpsToBucket(10)).toEqual({ size: 125_000, refill_time: 100 });
  });

  it('scales with the refill period: 100 Mbps at 1 s is 12,500,000 bytes', () => {
    expect(mbpsToBucket(100, 1000)).toEqual({ size: 12_500_000, refill_time: 1000 });
  });

  it('rounds fractional rates to whole bytes', () => {
    expect(mbpsToBucket(0.5)).toEqual({ size: 6250, refill_time: 100 });
    expect(mbpsToBucket(1.234567).size).toBe(15_432);
  });

  it('refuses negative, non-finite rates and non-positive refill times', () => {
    expect(() => mbpsToBucket(-1)).toThrow(RangeError);
    expect(() => mbpsToBucket(Number.NaN)).toThrow(RangeError);
    expect(() => mbpsToBucket(10, 0)).toThrow(RangeError);
  });
});

describe('bucketToMbps', () => {
  it('inverts mbpsToBucket for common rates and refill times', () => {
    for (const mbps of [1, 10, 25.5, 100, 1000]) {
      for (const refill of [50, 100, 1000]) expect(bucketToMbps(mbpsToBucket(mbps, refill))).toBe(mbps);
    }
  });

  it('reads the spec example bucket (1,250,000 per 100 ms) as its real rate, 100 Mbps', () => {
    expect(bucketToMbps({ size: 1_250_000, refill_time: 100 })).toBe(100);
  });

  it('treats missing or empty buckets as unlimited', () => {
    expect(bucketToMbps(undefined)).toBeUndefined();
    expect(bucketToMbps(null)).toBeUndefined();
    expect(bucketToMbps({ size: 0, refill_time: 100 })).toBeUndefined();
    expect(bucketToMbps({ size: 1000, refill_time: 0 })).toBeUndefined();
  });
});

describe('limiterFromMbps and describeLimiter', () => {
  it('builds a bandwidth limiter, or null (no limit) for empty and zero', () => {
    expect(limiterFromMbps(10)).toEqual({ bandwidth: { size: 125_000, refill_time: 100 } });
    expect(limiterFromMbps(undefined)).toBeNull();
    expect(limiterFromMbps(0)).toBeNull();
    expect(limiterFromMbps(Number.NaN)).toBeNull();
  });

  it('describes limiters for tables', () => {
    expect(describeLimiter(null)).toBe('Unlimited');
    expect(describeLimiter({ bandwidth: { size: 125_000, refill_time: 100 } })).toBe('10 Mbps');
  });
});

describe('limiterUpdate (one direction of a PATCH)', () => {
  const ops = { size: 100, refill_time: 1000 };
  const tenMbps = { bandwidth: { size: 125_000, refill_time: 100 } };

  it('leaves an unchanged limit out of the PATCH, so editing RX never touches TX', () => {
    expect(limiterUpdate(null, undefined)).toBeUndefined();
    expect(limiterUpdate(null, 0)).toBeUndefined();
    expect(limiterUpdate(tenMbps, 10)).toBeUndefined();
  });

  it('sets a new rate, keeping an ops bucket set through the API', () => {
    expect(limiterUpdate(null, 25)).toEqual({ bandwidth: { size: 312_500, refill_time: 100 } });
    expect(limiterUpdate({ ...tenMbps, ops }, 25)).toEqual({
      ops,
      bandwidth: { size: 312_500, refill_time: 100 },
    });
  });

  it('clears a rate with null (no limit), or down to the ops bucket', () => {
    expect(limiterUpdate(tenMbps, undefined)).toBeNull();
    expect(limiterUpdate(tenMbps, 0)).toBeNull();
    expect(limiterUpdate({ ...tenMbps, ops }, undefined)).toEqual({ ops });
  });
});
