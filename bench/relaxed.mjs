// What the relaxed-SIMD build (init({ relaxedSimd: true })) gains over the default build (issue 15): the batch
// epoch and matvec (kernel only, X already in WASM) and predict end to end (a user's call: X copied in,
// predictions out), on the benchmark's tall and wide workloads and the small one, in both dtypes, on one thread
// and on the pool's threads. The builds alternate round by round (init switches the instance), so a change in the
// machine's load hits both; prints the medians and the ratio default ÷ relaxed (above 1: relaxed is faster).
// Node 20 runs relaxed SIMD only with --experimental-wasm-relaxed-simd: without it the script starts itself again
// with the flag.
//   node bench/relaxed.mjs [--rounds=N] [--out=file]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { init, LinearRegression, relaxedSimdSupported, terminate, wasmBuild } from '../dist/index.js';
import { WasmProblem } from './wasm.mjs';
import { dataOf, makeWorkload, workloadSizes } from './workloads.mjs';

if (!relaxedSimdSupported()) {
  if (process.execArgv.includes('--experimental-wasm-relaxed-simd')) {
    console.error('this runtime runs no relaxed SIMD, even with --experimental-wasm-relaxed-simd');
    process.exit(1);
  }
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', self, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 5);
const outArg = process.argv.find((a) => a.startsWith('--out='))?.slice(6);
const pool = Math.min(2, os.availableParallelism?.() ?? os.cpus().length);

/** Median ms per call of fn over ≈ 20 ms loops (the first call warms up). */
function timeCall(fn) {
  fn();
  const t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(1, Math.round(20 / once));
  const samples = [];
  for (let s = 0; s < 3; s++) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) fn();
    samples.push((performance.now() - start) / reps);
  }
  return median(samples);
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

const workloads = workloadSizes(false)
  .filter((s) => s.name !== 'narrow')
  .map((s) => makeWorkload(s));
const results = [];
const times = new Map();
const loadAtStart = os.loadavg();
for (let r = 0; r < rounds; r++) {
  for (const relaxedSimd of [false, true]) {
    for (const threads of [1, pool]) {
      await init({ relaxedSimd, threads });
      const build = wasmBuild();
      if (build.relaxedSimd !== relaxedSimd) throw new Error(`asked for relaxedSimd ${relaxedSimd}, got ${build}`);
      for (const wl of workloads) {
        for (const dtype of ['float32', 'float64']) {
          const X = dataOf(wl, dtype);
          const p = new WasmProblem(X, wl.y, wl.rows, wl.cols, dtype);
          p.threads = threads;
          p.reset(1);
          const cases = {
            epoch: () => p.epoch('batch', 0.01, wl.rows),
            matvec: () => p.matvec(0),
          };
          const measured = {};
          for (const [name, fn] of Object.entries(cases)) measured[name] = timeCall(fn);
          p.free();
          const matrix = matrixOf(wl, dtype);
          const fitted = new LinearRegression({ solver: 'exact', dtype, threads }).fit(matrix, wl.y);
          measured.predict = timeCall(() => fitted.predict(matrix));
          for (const [name, ms] of Object.entries(measured)) {
            const key = `${name} ${wl.name} ${wl.rows}×${wl.cols} ${dtype} ${threads}`;
            if (!times.has(key)) times.set(key, { default: [], relaxed: [] });
            times.get(key)[relaxedSimd ? 'relaxed' : 'default'].push(ms);
          }
        }
      }
    }
  }
}
await terminate();

function matrixOf(wl, dtype) {
  return { data: dataOf(wl, dtype), rows: wl.rows, cols: wl.cols };
}

const f = (ms) => (ms < 0.1 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(3)} ms`);
console.log(
  `relaxed SIMD against the default build, ${rounds} alternating rounds (load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} → ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})\n`,
);
console.log('| case | workload | dtype | threads | default | relaxed | default ÷ relaxed |');
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: |');
for (const [key, t] of times) {
  const [name, workload, shape, dtype, threads] = key.split(' ');
  const a = median(t.default);
  const b = median(t.relaxed);
  results.push({
    case: name,
    workload,
    shape,
    dtype,
    threads: Number(threads),
    defaultMs: a,
    relaxedMs: b,
    ratio: a / b,
  });
  console.log(
    `| ${name} | ${workload} ${shape} | ${dtype} | ${threads} | ${f(a)} | ${f(b)} | ${(a / b).toFixed(2)}× |`,
  );
}
if (outArg) {
  const meta = {
    node: process.versions.node,
    v8: process.versions.v8,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    date: new Date().toISOString(),
    rounds,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg(),
  };
  writeFileSync(outArg, `${JSON.stringify({ meta, results }, null, 2)}\n`);
  console.log(`\nwrote ${outArg}`);
}
