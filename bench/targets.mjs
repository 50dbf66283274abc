// The performance targets of the benchmark (issues 3 and 15), judged on ratios measured in one run. A quick run
// is too small to judge them: it reports them as not judged. The multi-threaded targets read "not yet measured"
// until linwasm runs on more than one thread (bench/scaling.mjs linwasmAt); each of them also shows what the
// native C reference's OpenMP variant reaches on this machine, as a yardstick.

/** The native variant the single-thread targets compare with: 128-bit SSE, the width of WASM's v128. */
const NATIVE_128 = 'c-sse';
/** Its OpenMP twin: the yardstick of the multi-threaded targets. */
const NATIVE_128_OMP = 'c-sse-omp';

/**
 * Each target: the result row it reads (case, workload, dtype), the figure and its bound:
 * - `min` on the ratio to the baseline (default), `versus` another implementation's speed, or a `bandwidth` fraction;
 * - `timeVersus`: linwasm's time over that implementation's, at most `max` (single thread, from the cases);
 * - `threads`: from the scaling table at that many threads — `speedup` over linwasm's own single-thread time (at
 *   least `min`), or with `timeVersus`, linwasm's time at `threads` over that implementation's single-thread time
 *   (at most `max`); `referenceCase` names the native kernel of the yardstick when the case is end to end.
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
  {
    text: 'narrow f64 predict (100 000 × 10) vs the plain JS loop',
    case: 'predict',
    workload: 'narrow',
    dtype: 'float64',
    min: 1.5,
  },
  ...['float64', 'float32'].flatMap((dtype) =>
    ['predict/row', 'predict/rows'].map((id) => ({
      text: `small ${dtype === 'float64' ? 'f64' : 'f32'} ${id === 'predict/row' ? 'one-row' : '8-row'} predict: time ÷ the plain JS loop`,
      case: id,
      workload: 'small',
      dtype,
      timeVersus: 'baseline',
      max: 2,
    })),
  ),
  {
    text: 'tall f32 batch epoch, 1 thread: time ÷ 128-bit C',
    case: 'epoch/batch',
    workload: 'tall',
    dtype: 'float32',
    timeVersus: NATIVE_128,
    max: 1.1,
  },
  {
    text: 'small f32 batch epoch, 1 thread: time ÷ 128-bit C',
    case: 'epoch/batch',
    workload: 'small',
    dtype: 'float32',
    timeVersus: NATIVE_128,
    max: 1.3,
  },
  {
    text: 'tall f32 batch epoch, 2 threads: time ÷ 1-thread 128-bit C',
    case: 'epoch/batch',
    workload: 'tall',
    dtype: 'float32',
    threads: 2,
    timeVersus: NATIVE_128,
    max: 0.6,
  },
  {
    text: 'tall f32 batch epoch, 2 threads vs 1',
    case: 'epoch/batch',
    workload: 'tall',
    dtype: 'float32',
    threads: 2,
    speedup: true,
    min: 1.8,
  },
  ...['float64', 'float32'].map((dtype) => ({
    text: `tall ${dtype === 'float64' ? 'f64' : 'f32'} exact solver, 2 threads vs 1`,
    case: 'exact',
    referenceCase: 'exact/kernel',
    workload: 'tall',
    dtype,
    threads: 2,
    speedup: true,
    min: 1.7,
  })),
  ...['float64', 'float32'].map((dtype) => ({
    text: `tall ${dtype === 'float64' ? 'f64' : 'f32'} predict, 2 threads vs 1`,
    case: 'predict',
    referenceCase: 'matvec',
    workload: 'tall',
    dtype,
    threads: 2,
    speedup: true,
    min: 1.7,
  })),
  ...['float64', 'float32'].map((dtype) => ({
    text: `tall ${dtype === 'float64' ? 'f64' : 'f32'} predict on a ResidentMatrix, 2 threads vs 1`,
    case: 'predict/resident',
    referenceCase: 'matvec',
    workload: 'tall',
    dtype,
    threads: 2,
    speedup: true,
    min: 1.7,
  })),
];

function row(results, t, impl, caseId = t.case) {
  return results.find(
    (r) =>
      r.case === caseId && r.workload === t.workload && r.dtype === t.dtype && r.impl === impl && r.status === 'timed',
  );
}

function scaled(scaling, t, impl, threads, caseId = t.case) {
  return scaling.find(
    (r) =>
      r.case === caseId &&
      r.workload === t.workload &&
      r.dtype === t.dtype &&
      r.impl === impl &&
      r.threads === threads &&
      r.status === 'timed',
  );
}

/** The figure of a target for implementation `impl` (linwasm, or the native yardstick), or null. */
function figure(results, scaling, t, impl, caseId = t.case) {
  if (t.threads) {
    const many = scaled(scaling, t, impl, t.threads, caseId);
    if (!many) return null;
    if (t.speedup) return many.speedup ?? null;
    const single = row(results, t, t.timeVersus, caseId);
    return single ? many.medianMs / single.medianMs : null;
  }
  const mine = row(results, t, impl, caseId);
  if (!mine) return null;
  if (t.bandwidth) return mine.bandwidthFraction ?? null;
  if (t.timeVersus) {
    const other = row(results, t, t.timeVersus, caseId);
    return other ? mine.medianMs / other.medianMs : null;
  }
  if (t.versus) {
    const other = row(results, t, t.versus, caseId);
    return other ? other.medianMs / mine.medianMs : null;
  }
  return mine.ratio;
}

function kindOf(t) {
  if (t.bandwidth) return 'fraction';
  if (t.speedup) return 'speedup';
  return t.timeVersus ? 'time' : 'ratio';
}

/**
 * [{ text, kind, min | max, value, met, note?, reference? }]: value null when a row is missing (met is then null
 * too); a multi-threaded target linwasm has no run for says so in `note`, and `reference` is the native OpenMP
 * variant's figure for the same target.
 */
export function judgeTargets(results, scaling, quick) {
  return TARGETS.map((t) => {
    const value = figure(results, scaling, t, 'linwasm');
    const bound = t.max != null ? { max: t.max } : { min: t.min };
    let met = null;
    if (!quick && value !== null) met = t.max != null ? value <= t.max : value >= t.min;
    const out = { text: t.text, kind: kindOf(t), ...bound, value, met };
    if (t.threads) {
      const waiting = scaling.some(
        (r) =>
          r.case === t.case &&
          r.workload === t.workload &&
          r.dtype === t.dtype &&
          r.impl === 'linwasm' &&
          r.threads === t.threads &&
          r.status === 'not yet measured',
      );
      if (value === null && waiting) out.note = 'not yet measured: linwasm runs on one thread';
      out.reference = {
        impl: NATIVE_128_OMP,
        value: figure(results, scaling, t, NATIVE_128_OMP, t.referenceCase ?? t.case),
      };
    }
    return out;
  });
}
