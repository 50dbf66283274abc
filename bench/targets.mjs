// The performance targets of the benchmark (issue 3), judged on ratios measured in one run. A quick run is too
// small to judge them: it reports them as not judged.

/**
 * Each target: the result row it reads (case, workload, dtype), the figure (`ratio` to the baseline, `versus`
 * another implementation, or `bandwidth` fraction) and the minimum.
 */
export const TARGETS = [
  { text: 'tall f32 batch epoch vs baseline', case: 'epoch/batch', workload: 'tall', dtype: 'float32', min: 5 },
  {
    text: 'tall f32 batch epoch vs tfjs-wasm',
    case: 'epoch/batch',
    workload: 'tall',
    dtype: 'float32',
    versus: 'tfjs-wasm',
    min: 6,
  },
  {
    text: 'tall f32 batch epoch, share of read bandwidth',
    case: 'epoch/batch',
    workload: 'tall',
    dtype: 'float32',
    bandwidth: true,
    min: 0.6,
  },
  { text: 'tall f64 batch epoch vs baseline', case: 'epoch/batch', workload: 'tall', dtype: 'float64', min: 3 },
  {
    text: 'small f64 batch fit (1000 epochs) vs baseline',
    case: 'fit/batch',
    workload: 'small',
    dtype: 'float64',
    min: 5,
  },
  {
    text: 'small f32 batch fit (1000 epochs) vs baseline',
    case: 'fit/batch',
    workload: 'small',
    dtype: 'float32',
    min: 5,
  },
  { text: 'tall f32 SGD epoch vs baseline', case: 'epoch/sgd', workload: 'tall', dtype: 'float32', min: 4 },
  { text: 'tall f64 SGD epoch vs baseline', case: 'epoch/sgd', workload: 'tall', dtype: 'float64', min: 4 },
  { text: 'tall f32 predict vs baseline', case: 'predict', workload: 'tall', dtype: 'float32', min: 4 },
  { text: 'tall f64 predict vs baseline', case: 'predict', workload: 'tall', dtype: 'float64', min: 4 },
];

function row(results, t, impl) {
  return results.find(
    (r) =>
      r.case === t.case && r.workload === t.workload && r.dtype === t.dtype && r.impl === impl && r.status === 'timed',
  );
}

/** [{ text, min, value, met }] with value null when a row is missing (met is then null too). */
export function judgeTargets(results, quick) {
  return TARGETS.map((t) => {
    const mine = row(results, t, 'linwasm');
    let value = null;
    if (mine && t.bandwidth) value = mine.bandwidthFraction ?? null;
    else if (mine && t.versus) {
      const other = row(results, t, t.versus);
      value = other ? other.medianMs / mine.medianMs : null;
    } else if (mine) value = mine.ratio;
    const met = quick || value === null ? null : value >= t.min;
    return { text: t.text, min: t.min, kind: t.bandwidth ? 'fraction' : 'ratio', value, met };
  });
}
