// Rate limits in human units ("10Mbps", "5MB/s", "off") to Firecracker token buckets and back.
import type { RateLimiter } from '@nqvm/client';
import { formatRate, parseRate } from '../api/units.js';

/**
 * Tokens refill every 100 ms (the spec's convention), so a bucket holds a tenth of a second's
 * bytes: a short burst allowance rather than a whole second's worth.
 */
const REFILL_MS = 100;

/** `off`/`none` clears the limit (null); undefined means the text isn't a rate. */
export function parseRateLimit(text: string, iops?: number): RateLimiter | null | undefined {
  if (/^(off|none|0)$/i.test(text.trim())) return null;
  const bytesPerSecond = parseRate(text);
  if (!bytesPerSecond) return undefined;
  return {
    bandwidth: { size: Math.max(1, Math.round((bytesPerSecond * REFILL_MS) / 1000)), refill_time: REFILL_MS },
    ...(iops
      ? { ops: { size: Math.max(1, Math.round((iops * REFILL_MS) / 1000)), refill_time: REFILL_MS } }
      : {}),
  };
}

export function describeRateLimit(limit: RateLimiter | null | undefined): string {
  const parts: string[] = [];
  const bw = limit?.bandwidth;
  if (bw?.size && bw.refill_time) parts.push(formatRate((bw.size * 1000) / bw.refill_time));
  const ops = limit?.ops;
  if (ops?.size && ops.refill_time) parts.push(`${Math.round((ops.size * 1000) / ops.refill_time)} ops/s`);
  return parts.join(', ') || '-';
}
