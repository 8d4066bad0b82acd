// Converts between the Mbps a person types and Firecracker's token bucket {size bytes, refill_time ms}.
import type { RateLimiter } from '@nqvm/client';

/** The spec's examples refill every 100 ms. */
export const DEFAULT_REFILL_MS = 100;

const BYTES_PER_MEGABIT = 125_000;

/**
 * Bytes per refill period for a rate in megabits per second, by Firecracker's meaning of the bucket
 * (`size` bytes become available every `refill_time` ms): 10 Mbps at 100 ms → 125,000 bytes.
 * The product spec's example writes 1,250,000 for 10 Mbps, which is the per-second figure; put in a
 * 100 ms bucket it would allow 100 Mbps, so we follow the bucket's real meaning, not that example.
 */
export function mbpsToBucket(
  mbps: number,
  refillMs = DEFAULT_REFILL_MS,
): { size: number; refill_time: number } {
  if (!Number.isFinite(mbps) || mbps < 0) throw new RangeError('Rate must be a number ≥ 0');
  if (!Number.isInteger(refillMs) || refillMs <= 0)
    throw new RangeError('Refill time must be a whole number of ms > 0');
  return { size: Math.round((mbps * BYTES_PER_MEGABIT * refillMs) / 1000), refill_time: refillMs };
}

/** The inverse of mbpsToBucket, rounded to 0.01 Mbps; undefined for a bucket that doesn't limit. */
export function bucketToMbps(
  bucket: { size: number; refill_time: number } | undefined | null,
): number | undefined {
  if (!bucket || bucket.size <= 0 || bucket.refill_time <= 0) return undefined;
  const mbps = (bucket.size * 1000) / (bucket.refill_time * BYTES_PER_MEGABIT);
  return Math.round(mbps * 100) / 100;
}

/** A limiter for the API from an optional Mbps field: empty or 0 means "no limit" (null). */
export function limiterFromMbps(mbps: number | undefined, refillMs = DEFAULT_REFILL_MS): RateLimiter | null {
  if (mbps === undefined || Number.isNaN(mbps) || mbps <= 0) return null;
  return { bandwidth: mbpsToBucket(mbps, refillMs) };
}

/**
 * What a PATCH should say about one limiter after the user typed `mbps` (PATCH semantics: undefined
 * leaves it alone). Unchanged bandwidth → undefined, so editing RX never rewrites TX. A new rate replaces
 * only the bandwidth bucket (an `ops` bucket set through the API stays); clearing it sends null, the
 * manager's "no limit", or just the `ops` bucket when there is one.
 */
export function limiterUpdate(
  current: RateLimiter | null | undefined,
  mbps: number | undefined,
  refillMs = DEFAULT_REFILL_MS,
): RateLimiter | null | undefined {
  const wanted = mbps !== undefined && mbps > 0 ? mbps : undefined;
  if (bucketToMbps(current?.bandwidth) === wanted) return undefined;
  if (wanted === undefined) return current?.ops ? { ops: current.ops } : null;
  return { ...(current?.ops ? { ops: current.ops } : {}), bandwidth: mbpsToBucket(wanted, refillMs) };
}

export function describeLimiter(limiter: RateLimiter | null | undefined): string {
  const mbps = bucketToMbps(limiter?.bandwidth);
  return mbps === undefined ? 'Unlimited' : `${mbps} Mbps`;
}
