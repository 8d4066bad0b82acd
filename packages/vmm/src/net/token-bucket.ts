// Firecracker's token bucket (size, one_time_burst, refill_time) for limits fc-vmm enforces itself.
import type { RateLimiter, TokenBucket as TokenBucketConfig } from '@nqvm/fc-api';

/**
 * A bucket of `size` tokens refilled linearly over `refill_time` ms, plus a one-time burst
 * budget spent first and never refilled (Firecracker's semantics).
 */
export class TokenBucket {
  private budget: number;
  private burst: number;
  private last: number;

  constructor(
    readonly config: TokenBucketConfig,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.budget = config.size;
    this.burst = config.one_time_burst ?? 0;
    this.last = this.now();
  }

  /**
   * Takes `tokens` if available now. A request larger than `size` goes through once the bucket is
   * full and leaves the rest as a debt that refills first: Firecracker's "over-consumption", which
   * blocks the limiter for (excess / size) refill periods. GSO frames (up to 64 KiB) need this.
   */
  tryConsume(tokens: number): boolean {
    this.refill();
    if (this.burst >= tokens) {
      this.burst -= tokens;
      return true;
    }
    const fromBudget = tokens - this.burst;
    const need = Math.min(fromBudget, this.config.size);
    if (this.budget < need) return false;
    this.burst = 0;
    this.budget -= fromBudget;
    return true;
  }

  /** Milliseconds until `tokens` could be consumed (0 if now). */
  waitTime(tokens: number): number {
    this.refill();
    const need = Math.min(Math.max(0, tokens - this.burst), this.config.size) - this.budget;
    if (need <= 0) return 0;
    return Math.ceil((need * this.config.refill_time) / this.config.size);
  }

  private refill(): void {
    const t = this.now();
    const elapsed = t - this.last;
    this.last = t;
    if (this.config.size <= 0 || this.config.refill_time <= 0) return;
    this.budget = Math.min(
      this.config.size,
      this.budget + (elapsed * this.config.size) / this.config.refill_time,
    );
  }
}

/** A bandwidth and an ops bucket, either optional, as one RateLimiter describes them. */
export class RateLimit {
  readonly bandwidth?: TokenBucket;
  readonly ops?: TokenBucket;

  constructor(config: RateLimiter | undefined, now?: () => number) {
    if (isActive(config?.bandwidth)) this.bandwidth = new TokenBucket(config.bandwidth, now);
    if (isActive(config?.ops)) this.ops = new TokenBucket(config.ops, now);
  }

  get unlimited(): boolean {
    return !this.bandwidth && !this.ops;
  }

  /** Consumes one op of `bytes` if both buckets allow it; else how long to wait (ms). */
  admit(bytes: number): number {
    const waitBw = this.bandwidth?.waitTime(bytes) ?? 0;
    const waitOps = this.ops?.waitTime(1) ?? 0;
    const wait = Math.max(waitBw, waitOps);
    if (wait > 0) return wait;
    this.bandwidth?.tryConsume(bytes);
    this.ops?.tryConsume(1);
    return 0;
  }
}

/** Firecracker treats a bucket with size 0 or refill_time 0 as "no limit". */
export function isActive(bucket: TokenBucketConfig | undefined): bucket is TokenBucketConfig {
  return !!bucket && bucket.size > 0 && bucket.refill_time > 0;
}
