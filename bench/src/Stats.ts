/**
 * Percentiles and medians of samples, the one way every figure in the report is summarised (nearest-rank, so each
 * reported value is one that was really measured).
 */

export const percentile = (samples: ReadonlyArray<number>, p: number): number => {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]!
}

export const median = (samples: ReadonlyArray<number>) => percentile(samples, 50)
