// Maps a Firecracker drive rate limiter onto QEMU's block throttling (block_set_io_throttle).
import type { RateLimiter, TokenBucket } from '@nqvm/fc-api';
import { isActive } from '../net/token-bucket.js';

/** The arguments of QMP block_set_io_throttle, minus the device id. */
export interface IoThrottle {
  bps: number;
  bps_rd: number;
  bps_wr: number;
  iops: number;
  iops_rd: number;
  iops_wr: number;
  bps_max?: number;
  bps_max_length?: number;
  iops_max?: number;
  iops_max_length?: number;
}

interface Leaky {
  avg: number;
  max?: number;
  maxLength?: number;
}

/**
 * A Firecracker bucket refills `size` tokens every `refill_time` ms, so its steady rate is
 * size / refill_time. QEMU's leaky bucket allows bursts of `max * max_length` above the
 * average; we give it the bucket's size plus what is left of the one-time burst as that
 * allowance. QEMU would refill that allowance after idle time, so drive-bursts.ts re-applies
 * the throttle without the burst once the guest has spent it (`burst` = what is left).
 */
export function bucketToLeaky(bucket: TokenBucket | undefined, burstLeft?: number): Leaky {
  if (!isActive(bucket)) return { avg: 0 };
  const avg = Math.max(1, Math.round((bucket.size * 1000) / bucket.refill_time));
  const burst = bucket.size + (burstLeft ?? bucket.one_time_burst ?? 0);
  if (burst <= avg) return { avg };
  return { avg, max: burst, maxLength: 1 };
}

/** One-time burst still unspent per bucket (bytes, ops); undefined = the configured one_time_burst. */
export interface BurstLeft {
  bandwidth?: number;
  ops?: number;
}

/** Zeros everywhere mean "no throttling" to QEMU: that is how a limiter is removed live. */
export function driveThrottle(limiter: RateLimiter | undefined, left: BurstLeft = {}): IoThrottle {
  const bw = bucketToLeaky(limiter?.bandwidth, left.bandwidth);
  const ops = bucketToLeaky(limiter?.ops, left.ops);
  const out: IoThrottle = { bps: bw.avg, bps_rd: 0, bps_wr: 0, iops: ops.avg, iops_rd: 0, iops_wr: 0 };
  if (bw.max) {
    out.bps_max = bw.max;
    out.bps_max_length = bw.maxLength;
  }
  if (ops.max) {
    out.iops_max = ops.max;
    out.iops_max_length = ops.maxLength;
  }
  return out;
}

export function isUnthrottled(t: IoThrottle): boolean {
  return t.bps === 0 && t.iops === 0;
}
