// The thread-scaling table (issue 15): the batch epoch, the exact solver and predict on tall and wide data, each
// at 1, 2, … os.cpus().length threads, for the native C reference's OpenMP variants and for linwasm. linwasm's
// 1-thread rows are the cases' own (every case pins linwasm to one thread); at more threads the case is built
// again with ctx.threads and its linwasm implementation checked against the baseline and timed (linwasmAt).
// Speedups are each implementation's own 1-thread time over its time at t threads, all measured in one process.
import os from 'node:os';
import { poolThreads } from '../dist/engine/wasm/threads.js';
import { epochCases } from './cases/epoch.mjs';
import { exactCases } from './cases/exact.mjs';
import { predictCases } from './cases/predict.mjs';
import { measureCase } from './measure.mjs';
import { allCores, NATIVE_VARIANTS } from './native.mjs';
import { learningRate } from './settings.mjs';

/** The rows of the table: a case of the benchmark, and the C driver's kernel for it (null: linwasm only). */
export const SCALING_CASES = [
  { id: 'epoch/batch', kernel: 'epoch' },
  { id: 'exact/kernel', kernel: 'exact' },
  { id: 'exact', kernel: null },
  { id: 'matvec', kernel: 'matvec' },
  { id: 'predict', kernel: null },
  { id: 'predict/resident', kernel: null },
];

const QUICK_BUDGET = { time: 0, minSamples: 1, warmupTime: 0, warmupIterations: 0, maxRun: 0 };

/** The workloads the table covers. */
export const SCALING_WORKLOADS = ['tall', 'wide'];

/** 1, 2, … every core. */
export function threadCounts() {
  return Array.from({ length: allCores() }, (_, i) => i + 1);
}

/**
 * linwasm's time for a case at `threads` threads: the single-thread row of the same run, or the case built
 * again at `threads` threads, checked against the baseline (not timed again) and timed; null when the pool has
 * fewer threads (a runtime without shared memory).
 */
async function linwasmAt(ctx, results, caseId, threads, log) {
  const { workload: wl, dtype } = ctx;
  if (threads > 1) {
    if (threads > poolThreads()) return null;
    const many = { ...ctx, threads, native: null };
    const defs = [...epochCases(many), ...predictCases(many), ...exactCases(many)];
    const def = defs.find((d) => d.id === caseId);
    const impls = def.impls
      .filter((i) => i.name === 'linwasm' || i.name === 'baseline')
      .map((i) => (i.name === 'baseline' ? { ...i, untimed: true } : i));
    const rows = await measureCase({ ...def, impls }, many, log);
    const row = rows.find((r) => r.impl === 'linwasm' && r.status === 'timed');
    return row
      ? { medianMs: row.medianMs, p25Ms: row.p25Ms, p75Ms: row.p75Ms, samples: row.samples, spread: row.spread }
      : null;
  }
  const workload = wl.name;
  const row = results.find(
    (r) =>
      r.case === caseId && r.workload === workload && r.dtype === dtype && r.impl === 'linwasm' && r.status === 'timed',
  );
  return row
    ? { medianMs: row.medianMs, p25Ms: row.p25Ms, p75Ms: row.p75Ms, samples: row.samples, spread: row.spread }
    : null;
}

/** Adds each row's speedup over the 1-thread row of the same implementation and case. */
function withSpeedups(rows) {
  return rows.map((r) => {
    const one = rows.find((o) => o.case === r.case && o.impl === r.impl && o.threads === 1 && o.status === 'timed');
    return r.status === 'timed' && one ? { ...r, speedup: one.medianMs / r.medianMs } : r;
  });
}

/**
 * Times the table's rows of one workload and dtype (`selected(caseId)` filters as --only does); `results` are the
 * group's case results (linwasm's single-thread times and each variant's estimate). Returns the rows.
 */
export async function measureScaling(ctx, results, selected, log) {
  const { workload: wl, dtype, native } = ctx;
  // A quick run only exercises the table (one sample each): its sizes are too small to say anything.
  const budget = ctx.quick ? QUICK_BUDGET : ctx.budget;
  if (!SCALING_WORKLOADS.includes(wl.name)) return [];
  const rows = [];
  const base = { workload: wl.name, rows: wl.rows, cols: wl.cols, dtype };
  for (const c of SCALING_CASES.filter((c) => selected(c.id))) {
    for (const v of NATIVE_VARIANTS.filter((v) => v.openmp && c.kernel)) {
      const built = native?.variant(v.name);
      if (!built?.bin) continue;
      const timed = results.find(
        (r) => r.case === c.id && r.workload === wl.name && r.dtype === dtype && r.impl === v.name,
      );
      const estimateMs = timed?.medianMs ?? 0;
      for (const threads of threadCounts()) {
        const options = { threads, learningRate: learningRate('batch', wl.cols) };
        // The case ran on every core: at fewer threads a run takes up to cores / threads times longer.
        const stats = native.time(v.name, c.kernel, budget, (estimateMs * allCores()) / threads, options);
        // The load beside each cell: two threads need two idle cores, which a shared machine may not have.
        const loadAverage = os.loadavg()[0];
        rows.push({ ...base, case: c.id, impl: v.name, threads, status: 'timed', ...stats, loadAverage });
      }
    }
    for (const threads of threadCounts()) {
      const stats = await linwasmAt(ctx, results, c.id, threads, log);
      rows.push({
        ...base,
        case: c.id,
        impl: 'linwasm',
        threads,
        ...(stats ? { status: 'timed', ...stats } : { status: 'not yet measured' }),
      });
    }
  }
  const out = withSpeedups(rows);
  for (const r of out.filter((r) => r.status === 'timed' && r.impl !== 'linwasm')) {
    log(
      `scaling · ${r.case} · ${r.workload} ${r.dtype} · ${r.impl} × ${r.threads}: ${r.medianMs.toFixed(4)} ms (${r.speedup.toFixed(2)}×)`,
    );
  }
  return out;
}
