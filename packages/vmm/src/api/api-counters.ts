// Counters the API layer owns (Firecracker's get/put/patch_api_requests, deprecated_api, latencies_us groups).
import type { MetricGroups } from '../backend.js';

/**
 * Firecracker's "shared increment" metrics: each flush writes what happened since the previous
 * flush, so a counter line is a delta, not a running total.
 */
export class ApiCounters {
  private readonly groups = new Map<string, Map<string, number>>();

  /** `metric` is `<group>.<name>`, e.g. `put_api_requests.drive_count`. */
  inc(metric: string, by = 1): void {
    const dot = metric.indexOf('.');
    const group = metric.slice(0, dot);
    const name = metric.slice(dot + 1);
    let counters = this.groups.get(group);
    if (!counters) {
      counters = new Map();
      this.groups.set(group, counters);
    }
    counters.set(name, (counters.get(name) ?? 0) + by);
  }

  /** Records a gauge-like value (a latency) that replaces rather than adds. */
  set(metric: string, value: number): void {
    const dot = metric.indexOf('.');
    const group = metric.slice(0, dot);
    const counters = this.groups.get(group) ?? new Map<string, number>();
    counters.set(metric.slice(dot + 1), value);
    this.groups.set(group, counters);
  }

  /** The counts since the last drain, then zeroes them. */
  drain(): MetricGroups {
    const out: MetricGroups = {};
    for (const [group, counters] of this.groups) {
      out[group] = Object.fromEntries(counters);
      for (const name of counters.keys()) counters.set(name, 0);
    }
    return out;
  }
}
