// Decimation: what a chart draws of a large series. A line keeps the first, minimum, maximum and
// last point of each pixel-wide bucket (its envelope looks exactly as with every point); a scatter
// keeps one point per occupied cell of a grid, so outliers survive and dense regions thin out.

/** Indices of (x, y) to draw for a line `buckets` pixels wide; x ascending. All of them when few. */
export function decimateLine(x: ArrayLike<number>, y: ArrayLike<number | null>, buckets: number): number[] {
  const n = x.length;
  if (n <= 4 * buckets) return Array.from({ length: n }, (_, i) => i);
  const x0 = x[0];
  const span = x[n - 1] - x0 || 1;
  const keep: number[] = [];
  let i = 0;
  while (i < n) {
    const bucket = Math.min(buckets - 1, Math.floor(((x[i] - x0) / span) * buckets));
    let lo = i;
    let hi = i;
    let j = i;
    for (; j < n && Math.min(buckets - 1, Math.floor(((x[j] - x0) / span) * buckets)) === bucket; j++) {
      const v = y[j];
      if (v === null || !Number.isFinite(v)) continue;
      if (y[lo] === null || v < (y[lo] as number)) lo = j;
      if (y[hi] === null || v > (y[hi] as number)) hi = j;
    }
    const last = j - 1;
    for (const k of new Set([i, Math.min(lo, hi), Math.max(lo, hi), last])) keep.push(k);
    i = j;
  }
  return keep;
}

/**
 * Indices of at most one point per cell of a cols × rows grid over the points' range. The default
 * grid's cells are about a drawn point (5 px) of a plot 480 × 320 px: more points would only overlap.
 */
export function decimateScatter(x: ArrayLike<number>, y: ArrayLike<number>, cols = 96, rows = 64): number[] {
  const n = x.length;
  if (n <= 2000) return Array.from({ length: n }, (_, i) => i);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < n; i++) {
    xMin = Math.min(xMin, x[i]);
    xMax = Math.max(xMax, x[i]);
    yMin = Math.min(yMin, y[i]);
    yMax = Math.max(yMax, y[i]);
  }
  const sx = (cols - 1) / (xMax - xMin || 1);
  const sy = (rows - 1) / (yMax - yMin || 1);
  const taken = new Uint8Array(cols * rows);
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const cell = Math.floor((y[i] - yMin) * sy) * cols + Math.floor((x[i] - xMin) * sx);
    if (taken[cell]) continue;
    taken[cell] = 1;
    keep.push(i);
  }
  return keep;
}
