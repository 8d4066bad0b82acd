// Benchmark statistics: percentiles by nearest rank, paired ratios.
import { describe, expect, it } from 'vitest';
import { pairedRatio, percentile, summarize } from './stats.js';

describe('stats', () => {
  it('summarizes with median, extremes and p99', () => {
    const s = summarize([5, 1, 3, 2, 4]);
    expect(s).toEqual({ n: 5, median: 3, min: 1, max: 5, p99: 5 });
  });

  it('uses nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
  });

  it('takes the median of per-pair ratios', () => {
    expect(pairedRatio([10, 22, 30], [10, 20, 10]).median).toBeCloseTo(1.1);
  });
});
