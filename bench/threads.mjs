// Where a second thread starts to pay (issue 15): the batch epoch and matvec, kernel only, at 1 and at every
// thread of the pool, on X of growing size (cols 8, 64 and 512; float32 and float64), alternating thread counts
// so that a change in the machine's load hits both. Prints one line per size: the medians and the speedup;
// `threads: 'auto'` uses the pool from AUTO_MIN_BYTES of X on (src/engine/wasm/threads.ts), chosen from this.
// Then `predict` of 100 000 × 64 through the public API, 1 against every thread: end to end from a typed matrix
// (one thread: the calling thread alone can copy X in) and on a ResidentMatrix (X in WASM already).
//   node bench/threads.mjs [--rounds=N] [--predict-only] [--out=file.json]

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { poolThreads } from '../dist/engine/wasm/threads.js';
import { init, LinearRegression, residentMatrix } from '../dist/index.js';
import { WasmProblem } from './wasm.mjs';
import { makeWorkload } from './workloads.mjs';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 7);
const predictOnly = process.argv.includes('--predict-only');
const outFile = process.argv.find((a) => a.startsWith('--out='))?.slice(6);
const loadAtStart = os.loadavg();
await init();
const pool = poolThreads();
console.log(
  `pool: ${pool} threads; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

/** Median ms per call of fn over ≈ 20 ms loops. */
function timeCall(fn) {
  const t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(1, Math.round(20 / once));
  const start = performance.now();
  for (let r = 0; r < reps; r++) fn();
  return (performance.now() - start) / reps;
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const quantile = (a, q) => [...a].sort((x, y) => x - y)[Math.floor(q * (a.length - 1))];

for (const cols of predictOnly ? [] : [8, 64, 512]) {
  for (const dtype of ['float32', 'float64']) {
    for (const kib of [64, 256, 512, 1024, 2048, 4096, 16384]) {
      const rows = Math.max(1, Math.round((kib * 1024) / (cols * (dtype === 'float32' ? 4 : 8))));
      const wl = makeWorkload({ name: 'threads', rows, cols, epochs: 1 });
      const p = new WasmProblem(dtype === 'float32' ? wl.X32 : wl.X64, wl.y, rows, cols, dtype);
      p.reset(1);
      const lr = 0.01;
      const out = {};
      for (const kernel of ['epoch', 'matvec']) {
        const times = { 1: [], [pool]: [] };
        for (let r = 0; r < rounds; r++) {
          for (const threads of [1, pool]) {
            p.threads = threads;
            const fn = kernel === 'epoch' ? () => p.epoch('batch', lr, rows) : () => p.matvec(0);
            fn();
            times[threads].push(timeCall(fn));
          }
        }
        out[kernel] = { one: median(times[1]), many: median(times[pool]) };
      }
      p.free();
      const f = (ms) => `${(ms * 1000).toFixed(1)} µs`;
      console.log(
        `${dtype} ${rows} × ${cols} (${kib} KiB): epoch ${f(out.epoch.one)} → ${f(out.epoch.many)} ` +
          `(${(out.epoch.one / out.epoch.many).toFixed(2)}×), matvec ${f(out.matvec.one)} → ${f(out.matvec.many)} ` +
          `(${(out.matvec.one / out.matvec.many).toFixed(2)}×)`,
      );
    }
  }
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
if (outFile) {
  writeFileSync(
    outFile,
    `${JSON.stringify(
      {
        meta: {
          node: process.versions.node,
          cpu: os.cpus()[0]?.model,
          cores: os.cpus().length,
          date: new Date().toISOString(),
          loadAverageAtStart: loadAtStart,
          loadAverageAtEnd: os.loadavg(),
          pool,
        },
        predict: predictRows,
      },
      null,
      2,
    )}\n`,
  );
}

console.log(
  `load average at the end ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
