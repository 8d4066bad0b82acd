// Token buckets per caller and request class: `perMinute` refill, `burst` capacity (the spec's table).
import type { RateClass, RateLimits } from '../config.js';

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one more request of this class would be allowed. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_BUCKETS = 100_000;

export function createRateLimiter(limits: RateLimits | false, now: () => Date) {
  const buckets = new Map<string, Bucket>();

  return {
    take(cls: RateClass, caller: string): RateDecision {
      if (!limits) return { allowed: true, retryAfterSeconds: 0 };
      const { perMinute, burst } = limits[cls];
      const perMs = perMinute / 60_000;
      const at = now().getTime();
      const key = `${cls}\u0000${caller}`;
      const old = buckets.get(key);
      const tokens = old ? Math.min(burst, old.tokens + (at - old.at) * perMs) : burst;
      if (tokens >= 1) {
        // Bounded memory: a flood of distinct callers cannot grow the map for ever.
        if (!old && buckets.size >= MAX_BUCKETS) buckets.clear();
        buckets.set(key, { tokens: tokens - 1, at });
        return { allowed: true, retryAfterSeconds: 0 };
      }
      buckets.set(key, { tokens, at });
      const wait = perMs > 0 ? Math.ceil((1 - tokens) / perMs / 1000) : 60;
      return { allowed: false, retryAfterSeconds: Math.max(1, wait) };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
