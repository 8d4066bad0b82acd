// Summaries of repeated measurements: median with min/max, and latency percentiles.
export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  p99: number;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    p99: percentile(sorted, 99),
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/**
 * Ratio of two sides measured alternately in one run: median of the per-pair ratios, so a
 * burst of machine noise hits both sides of a pair instead of one side of the whole series.
 */
export function pairedRatio(ours: number[], baseline: number[]): Summary {
  const ratios = ours.map((v, i) => v / (baseline[i] as number)).filter((r) => Number.isFinite(r));
  return summarize(ratios);
}
