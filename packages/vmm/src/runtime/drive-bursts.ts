// Firecracker's one_time_burst on drives: QEMU refills a burst allowance, so take it away once spent.
import type { Drive } from '@nqvm/fc-api';
import { type BurstLeft, driveThrottle } from '../qemu/drive-throttle.js';
import { ids } from '../qemu/qemu-args.js';
import type { QmpClient } from '../qemu/qmp-client.js';

/** How often block counters are read while some drive still has burst left. */
export const BURST_POLL_MS = 100;

interface BlockStats {
  qdev?: string;
  stats: {
    rd_bytes: number;
    wr_bytes: number;
    rd_operations: number;
    wr_operations: number;
    flush_operations: number;
  };
}

interface Counters {
  bytes: number;
  ops: number;
}

interface Tracked {
  drive: Drive;
  /** The drive's counters when its burst (re)started, and the burst then. */
  base: Counters;
  start: Required<BurstLeft>;
  left: Required<BurstLeft>;
}

export interface DriveBursts {
  /**
   * (Re)starts tracking a drive whose limiter was just applied with `driveThrottle(limiter, left)`;
   * an undefined bucket in `left` means its configured one_time_burst.
   */
  track(drive: Drive, left?: BurstLeft): Promise<void>;
  /** What is left of each tracked drive's burst (0 once spent), for PATCHes and snapshots. */
  left(): Record<string, Required<BurstLeft>>;
  close(): void;
}

/**
 * Firecracker spends a bucket's one_time_burst once, before its refilling budget. QEMU's
 * `bps_max`/`iops_max` allowance comes back whenever the guest is idle. So while a drive has
 * burst left we read `query-blockstats` every BURST_POLL_MS; once the bytes (or ops) done since
 * the limiter was applied reach the burst, the throttle is re-applied without it. The guest can
 * overrun the burst by at most one poll interval at the throttled rate.
 */
export function createDriveBursts(
  qmp: QmpClient,
  onError: (err: unknown) => void = () => {},
  pollMs = BURST_POLL_MS,
): DriveBursts {
  const tracked = new Map<string, Tracked>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const hasBurst = (t: Tracked) => t.left.bandwidth > 0 || t.left.ops > 0;

  async function counters(driveIds: string[]): Promise<Map<string, Counters>> {
    const stats = await qmp.execute<BlockStats[]>('query-blockstats');
    const out = new Map<string, Counters>();
    for (const id of driveIds) {
      const s = stats.find((b) => b.qdev?.includes(ids.blk(id)))?.stats;
      if (s) {
        out.set(id, {
          bytes: s.rd_bytes + s.wr_bytes,
          ops: s.rd_operations + s.wr_operations + s.flush_operations,
        });
      }
    }
    return out;
  }

  async function poll(): Promise<void> {
    timer = undefined;
    const active = [...tracked.values()].filter(hasBurst);
    const now = await counters(active.map((t) => t.drive.drive_id));
    for (const t of active) {
      const c = now.get(t.drive.drive_id);
      if (!c || tracked.get(t.drive.drive_id) !== t) continue;
      const left = {
        bandwidth: Math.max(0, t.start.bandwidth - (c.bytes - t.base.bytes)),
        ops: Math.max(0, t.start.ops - (c.ops - t.base.ops)),
      };
      const spent = (t.left.bandwidth > 0 && left.bandwidth === 0) || (t.left.ops > 0 && left.ops === 0);
      t.left = left;
      if (spent) {
        await qmp.execute('block_set_io_throttle', {
          id: ids.blk(t.drive.drive_id),
          ...driveThrottle(t.drive.rate_limiter, left),
        });
      }
    }
    schedule();
  }

  function schedule(): void {
    if (closed || timer || ![...tracked.values()].some(hasBurst)) return;
    timer = setTimeout(() => {
      poll().catch((err: unknown) => {
        // The VM may be going away; a later PATCH or track() schedules polling again.
        if (!closed) onError(err);
      });
    }, pollMs);
    timer.unref();
  }

  return {
    async track(drive, left = {}) {
      const start = {
        bandwidth: left.bandwidth ?? drive.rate_limiter?.bandwidth?.one_time_burst ?? 0,
        ops: left.ops ?? drive.rate_limiter?.ops?.one_time_burst ?? 0,
      };
      const base = (await counters([drive.drive_id])).get(drive.drive_id) ?? { bytes: 0, ops: 0 };
      tracked.set(drive.drive_id, { drive, base, start, left: { ...start } });
      schedule();
    },
    left() {
      const out: Record<string, Required<BurstLeft>> = {};
      for (const t of tracked.values()) out[t.drive.drive_id] = { ...t.left };
      return out;
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
