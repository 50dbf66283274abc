// Times one function with tinybench, warm: a warm-up phase first (V8 tiers WASM and JS up after the first calls),
// then at least `minSamples` samples and `time` ms. Returns the median and the spread of the samples. Also the
// plain helpers of the benchmarks that alternate their own rounds (threads, relaxed, compare-builds, small-epoch).
import { Bench } from 'tinybench';

/**
 * The median of values: of an even count, the mean of the middle two (either one alone would lean a ratio
 * judged against a floor, as bench:serve's overhead ratio over 12 rounds, one way).
 */
export function median(values) {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** ms per call of fn in one loop of about 20 ms, after one call that sizes the loop. */
export function timeCall(fn) {
  const t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(1, Math.round(20 / once));
  const start = performance.now();
  for (let r = 0; r < reps; r++) fn();
  return (performance.now() - start) / reps;
}

/** A percentile of sorted samples, interpolated linearly. */
function percentile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Times fn (sync). estimateMs (one run, from the agreement run) trims the warm-up of slow functions (the agreement
 * run has already exercised exactly this code, so one warm-up call is enough for them) and the sample count of
 * functions that take seconds.
 */
export async function time(name, fn, budget, estimateMs) {
  const slow = estimateMs > 200;
  const bench = new Bench({
    time: budget.time,
    // Three samples of a run of seconds give a median; more would only lengthen the run.
    iterations: estimateMs > 1000 ? Math.min(3, budget.minSamples) : budget.minSamples,
    warmupTime: slow ? 0 : budget.warmupTime,
    warmupIterations: slow ? 1 : budget.warmupIterations,
    retainSamples: true,
    throws: true,
  });
  bench.add(name, fn);
  await bench.run();
  const task = bench.tasks[0];
  const latency = task.result.latency;
  const samples = [...latency.samples].sort((a, b) => a - b);
  const median = percentile(samples, 0.5);
  const p25 = percentile(samples, 0.25);
  const p75 = percentile(samples, 0.75);
  return {
    medianMs: median,
    p25Ms: p25,
    p75Ms: p75,
    minMs: samples[0],
    maxMs: samples[samples.length - 1],
    samples: samples.length,
    // Half the interquartile range, relative to the median.
    spread: (p75 - p25) / 2 / median,
  };
}
