// Column statistics of data seen in chunks: count, means and m2 = Σ(x − mean)² per column, merged
// chunk by chunk with the pairwise formulas of Chan, Golub and LeVeque (1979), the batch form of
// Welford's update. Merging the moments of every chunk gives the statistics of the whole (to
// rounding), without ever holding it: how streamed data is standardized.

/** Column statistics merged over chunks (Chan, Golub and LeVeque's pairwise form of Welford's update). */
export interface RunningStats {
  /** Rows seen. */
  count: number;
  /** Column means over those rows. */
  mean: Float64Array;
  /** Per column, Σ(x − mean)² over those rows: the variance is m2 / count. */
  m2: Float64Array;
}

/** Merges a chunk's moments (count rows, its means and m2) into `stats` (null: none yet). */
export function mergeMoments(
  stats: RunningStats | null,
  count: number,
  mean: Float64Array,
  m2: Float64Array,
): RunningStats {
  if (!stats || stats.count === 0) return { count, mean: mean.slice(), m2: m2.slice() };
  const total = stats.count + count;
  const merged: RunningStats = { count: total, mean: new Float64Array(mean.length), m2: new Float64Array(mean.length) };
  for (let j = 0; j < mean.length; j++) {
    const delta = mean[j] - stats.mean[j];
    merged.mean[j] = stats.mean[j] + (delta * count) / total;
    merged.m2[j] = stats.m2[j] + m2[j] + (delta * delta * stats.count * count) / total;
  }
  return merged;
}

/**
 * The standardization of merged statistics, with the rules of columnStats
 * (assembly/kernels/stats.ts): the population standard deviation, 1 for a constant column, and
 * mean 0 when center is false.
 */
export function scalingOf(stats: RunningStats, center: boolean): { mean: Float64Array; scale: Float64Array } {
  const d = stats.mean.length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(stats.m2[j] / stats.count);
    scale[j] = s > 1e-12 * Math.abs(stats.mean[j]) && s > 0 ? s : 1;
    mean[j] = center ? stats.mean[j] : 0;
  }
  return { mean, scale };
}
