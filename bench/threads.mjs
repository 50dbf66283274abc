// Where a second thread starts to pay (issue 15): the batch epoch, matvec, the exact solver's kernels (gram +
// choleskySolve) and the column statistics (columnStats: the two passes of standardization), kernel only, at 1 and
// at every thread of the pool, on X of growing size (cols 8, 64 and 512; float32 and float64), alternating thread
// counts so that a change in the machine's load hits both. Each size first checks that the exact solution and the
// statistics are the same bits on 1 and on every thread. Prints one line per size: the medians and the speedups;
// `threads: 'auto'` uses the pool from AUTO_MIN_BYTES of X on (src/engine/wasm/threads.ts), chosen from this.
// The benchmark's tall (100 000 × 64) and wide (20 000 × 512) workloads come next. Then `predict` of 100 000 × 64
// through the public API, 1 against every thread: end to end from a typed matrix (one thread: the calling thread
// alone can copy X in) and on a ResidentMatrix (X in WASM already).
//   node bench/threads.mjs [--rounds=N] [--cols=8,64,512] [--kernels=epoch,matvec,exact,stats] [--workloads=0]
//                          [--predict-only] [--out=<file>.json]
// --out writes the lines' numbers, with the load average (os.loadavg) before, during and after the run: on a
// shared machine two threads need two idle cores, so compare runs at a similar load.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { poolThreads } from '../dist/engine/wasm/threads.js';
import { init, LinearRegression, residentMatrix } from '../dist/index.js';
import { median, timeCall } from './timing.mjs';
import { WasmProblem } from './wasm.mjs';
import { makeWorkload } from './workloads.mjs';

const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const rounds = Number(arg('rounds', 7));
const colsList = arg('cols', '8,64,512').split(',').map(Number);
const kernels = arg('kernels', 'epoch,matvec,exact,stats').split(',');
const out = arg('out', null);
const predictOnly = process.argv.includes('--predict-only');
const KERNELS = ['epoch', 'matvec', 'exact', 'stats'];
for (const k of kernels)
  if (!KERNELS.includes(k)) throw new Error(`unknown kernel ${k} (known: ${KERNELS.join(', ')})`);

await init();
const pool = poolThreads();
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
const loadAtStart = load();
console.log(`pool: ${pool} threads; load average ${loadAtStart.join(' ')}`);

const quantile = (a, q) => [...a].sort((x, y) => x - y)[Math.floor(q * (a.length - 1))];
const sameBits = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** The call a kernel's timing repeats, and (exact, stats) what it computes, for the check across threads. */
function kernelOf(kernel, p, rows) {
  if (kernel === 'epoch') return { run: () => p.epoch('batch', 0.01, rows) };
  if (kernel === 'matvec') return { run: () => p.matvec(0) };
  if (kernel === 'exact') {
    return {
      run: () => {
        const status = p.solveExact();
        if (status !== 0) throw new Error(`choleskySolve returned status ${status}`);
      },
      result: () => p.solution(),
    };
  }
  return { run: () => p.columnStats(), result: () => p.stats() };
}

/** The shapes: X of growing size at each width, then the benchmark's tall and wide workloads (--workloads=0: not). */
function* shapes() {
  if (predictOnly) return;
  for (const cols of colsList) {
    for (const dtype of ['float32', 'float64']) {
      for (const kib of [64, 256, 512, 1024, 2048, 4096, 16384]) {
        yield { dtype, cols, rows: Math.max(1, Math.round((kib * 1024) / (cols * (dtype === 'float32' ? 4 : 8)))) };
      }
    }
  }
  if (arg('workloads', '1') === '0') return;
  for (const [name, rows, cols] of [
    ['tall', 100000, 64],
    ['wide', 20000, 512],
  ]) {
    for (const dtype of ['float32', 'float64']) yield { dtype, cols, rows, name };
  }
}

const lines = [];
for (const { dtype, cols, rows, name } of shapes()) {
  const kib = Math.round((rows * cols * (dtype === 'float32' ? 4 : 8)) / 1024);
  const wl = makeWorkload({ name: name ?? 'threads', rows, cols, epochs: 1 });
  const p = new WasmProblem(dtype === 'float32' ? wl.X32 : wl.X64, wl.y, rows, cols, dtype);
  p.reset(1);
  const line = { ...(name ? { workload: name } : {}), dtype, rows, cols, kib, loadAverage: load()[0] };
  for (const kernel of kernels) {
    if (kernel === 'exact' && rows <= cols) {
      line[kernel] = null; // fewer rows than columns: XᵀX is singular
      continue;
    }
    const k = kernelOf(kernel, p, rows);
    const times = { 1: [], [pool]: [] };
    const results = {};
    for (let r = 0; r < rounds; r++) {
      for (const threads of [1, pool]) {
        p.threads = threads;
        k.run();
        if (r === 0 && k.result) results[threads] = k.result();
        times[threads].push(timeCall(k.run));
      }
    }
    if (k.result && !sameBits(results[1], results[pool])) {
      throw new Error(`${kernel} ${dtype} ${rows} × ${cols}: not the same bits on 1 and ${pool} threads`);
    }
    const one = median(times[1]);
    const many = median(times[pool]);
    line[kernel] = { oneMs: one, manyMs: many, speedup: one / many };
  }
  p.free();
  lines.push(line);
  const f = (ms) => (ms >= 10 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(1)} µs`);
  console.log(
    `${name ? `${name} ` : ''}${dtype} ${rows} × ${cols} (${kib} KiB, load ${line.loadAverage}): ` +
      kernels
        .map((k) =>
          line[k]
            ? `${k} ${f(line[k].oneMs)} → ${f(line[k].manyMs)} (${line[k].speedup.toFixed(2)}×)`
            : `${k} singular`,
        )
        .join(', '),
  );
}
/** Per-call times of predict on 1 and on `pool` threads, alternating calls so that load hits both. */
function predictTimes(models, X, calls) {
  const times = { 1: [], [pool]: [] };
  for (let r = 0; r < calls; r++) {
    for (const threads of [1, pool]) {
      const t0 = performance.now();
      models[threads].predict(X);
      times[threads].push(performance.now() - t0);
    }
  }
  return times;
}

const predictRows = [];
for (const dtype of ['float32', 'float64']) {
  const rows = 100000;
  const cols = 64;
  const wl = makeWorkload({ name: 'threads', rows, cols, epochs: 1 });
  const X = { data: dtype === 'float32' ? wl.X32 : wl.X64, rows, cols };
  const fitted = new LinearRegression({ solver: 'exact', dtype }).fit(X, wl.y).toJSON();
  const models = {
    1: LinearRegression.fromJSON({ ...fitted, options: { ...fitted.options, threads: 1 } }),
    [pool]: LinearRegression.fromJSON({ ...fitted, options: { ...fitted.options, threads: pool } }),
  };
  const resident = residentMatrix(X);
  const expected = models[1].predict(X);
  for (const [input, label] of [
    [X, 'end to end'],
    [resident, 'resident'],
  ]) {
    const got = models[pool].predict(input);
    if (!got.every((v, i) => Object.is(v, expected[i]))) throw new Error(`predict ${label}: threads disagree`);
    predictTimes(models, input, 3);
    const times = predictTimes(models, input, rounds * 10);
    const row = {
      case: label === 'resident' ? 'predict/resident' : 'predict',
      rows,
      cols,
      dtype,
      oneMs: median(times[1]),
      manyMs: median(times[pool]),
      // On a shared machine the fastest calls are those that had a free core: the quartile and the minimum say
      // what the code does when it gets one.
      oneP25Ms: quantile(times[1], 0.25),
      manyP25Ms: quantile(times[pool], 0.25),
      oneMinMs: Math.min(...times[1]),
      manyMinMs: Math.min(...times[pool]),
      threads: pool,
      calls: times[1].length,
      loadAverage: os.loadavg()[0],
    };
    row.speedup = row.oneMs / row.manyMs;
    predictRows.push(row);
    console.log(
      `predict ${dtype} ${rows} × ${cols}, ${label}: ${row.oneMs.toFixed(3)} ms → ${row.manyMs.toFixed(3)} ms on ${pool} threads ` +
        `(${row.speedup.toFixed(2)}×; medians of ${row.calls} alternating calls, load ${row.loadAverage.toFixed(1)}); ` +
        `first quartiles ${(row.oneP25Ms / row.manyP25Ms).toFixed(2)}×, minima ${(row.oneMinMs / row.manyMinMs).toFixed(2)}×`,
    );
  }
  resident.dispose();
}

const loadAtEnd = load();
console.log(`load average at the end ${loadAtEnd.join(' ')}`);
if (out) {
  const meta = {
    node: process.versions.node,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    pool,
    rounds,
    date: new Date().toISOString(),
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAtEnd,
    note: 'loadAverage of each line: the 1-minute load average when its size started (2 cores: above ~1, two threads share them)',
  };
  writeFileSync(out, `${JSON.stringify({ meta, lines, predict: predictRows }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}
