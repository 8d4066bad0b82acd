// The token bucket follows Firecracker's refill and one-time-burst rules.
import { describe, expect, it } from 'vitest';
import { RateLimit, TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('spends the one-time burst first, then the refilling budget', () => {
    let t = 0;
    const b = new TokenBucket({ size: 1000, refill_time: 1000, one_time_burst: 500 }, () => t);
    expect(b.tryConsume(500)).toBe(true);
    expect(b.tryConsume(1000)).toBe(true);
    expect(b.tryConsume(1)).toBe(false);
    expect(b.waitTime(100)).toBe(100);
    t = 100;
    expect(b.tryConsume(100)).toBe(true);
  });

  it('lets a request larger than the bucket through and repays the excess first (over-consumption)', () => {
    let t = 0;
    const b = new TokenBucket({ size: 1000, refill_time: 1000 }, () => t);
    expect(b.tryConsume(3000)).toBe(true);
    // 2000 tokens of debt plus 100 for the next request: 2.1 refill periods.
    expect(b.waitTime(100)).toBe(2100);
    t = 2000;
    expect(b.tryConsume(100)).toBe(false);
    t = 2100;
    expect(b.tryConsume(100)).toBe(true);
  });

  it('never refills above size', () => {
    let t = 0;
    const b = new TokenBucket({ size: 100, refill_time: 10 }, () => t);
    t = 10_000;
    expect(b.tryConsume(100)).toBe(true);
    expect(b.tryConsume(1)).toBe(false);
  });
});

describe('RateLimit', () => {
  it('needs both buckets to admit an op and reports the longer wait', () => {
    let t = 0;
    const rl = new RateLimit(
      { bandwidth: { size: 10_000, refill_time: 1000 }, ops: { size: 2, refill_time: 1000 } },
      () => t,
    );
    expect(rl.admit(100)).toBe(0);
    expect(rl.admit(100)).toBe(0);
    expect(rl.admit(100)).toBe(500);
    t = 500;
    expect(rl.admit(100)).toBe(0);
  });

  it('treats zero-sized buckets as unlimited', () => {
    expect(new RateLimit({ bandwidth: { size: 0, refill_time: 100 } }).unlimited).toBe(true);
  });
});
