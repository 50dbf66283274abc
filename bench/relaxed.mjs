// What the relaxed-SIMD build (init({ relaxedSimd: true })) gains over the default build (issue 15): the batch
// epoch and matvec (predict's kernel), kernel only, one thread, on the benchmark's small, tall and wide workloads
// in both dtypes. Both builds are instances in this process, each with the workload in its memory, and every
// measurement alternates between them (≈ 20 ms loops), so a change in the machine's load hits both; prints the
// medians over the rounds and the ratio default ÷ relaxed (above 1: relaxed is faster).
// Node 20 runs relaxed SIMD only with --experimental-wasm-relaxed-simd: without it the script starts itself again
// with the flag.
//   npm run build && node bench/relaxed.mjs [--rounds=N] [--out=file]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { SLOT_BEST, SLOT_EPOCH, STATE_SLOTS } from '../dist/engine/layout.js';
import { configBlock, plainSettings } from '../dist/engine/train-state.js';
import { relaxedSimdSupported } from '../dist/index.js';
import { instantiateBuild } from './build-instance.mjs';
import { median, timeCall } from './timing.mjs';
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

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 9);
const outArg = process.argv.find((a) => a.startsWith('--out='))?.slice(6);
const BUILDS = { default: 'build/linwasm.wasm', relaxed: 'build/linwasm-relaxed.wasm' };

/** An instance of `file` holding the workload; its epoch and matvec calls. */
function setUp(file, wl, dtype) {
  const { e, alloc } = instantiateBuild(file);
  const f32 = dtype === 'float32';
  const el = f32 ? 4 : 8;
  const { rows: n, cols: d } = wl;
  const x = alloc(n * d * el);
  const y = alloc(n * 8);
  const w = alloc(d * el);
  const g = alloc((d + 1) * 8);
  const acc = alloc(d * el);
  const history = alloc(8);
  const state = alloc(STATE_SLOTS * 8);
  const config = alloc(32 * 8);
  const out = alloc(n * 8);
  // Data of one block or more: the single-threaded build sums the blocks in order, no slots needed beyond these.
  const part = alloc(Math.ceil((n * d * el) / 262144 + 1) * (((d + 2) * 8 + d * el + 127) & ~127));
  const buffer = () => e.memory.buffer;
  (f32 ? new Float32Array(buffer(), x, n * d) : new Float64Array(buffer(), x, n * d)).set(dataOf(wl, dtype));
  new Float64Array(buffer(), y, n).set(wl.y);
  const block = configBlock(plainSettings({ learningRate: 0.01, batchSize: n, fitIntercept: false }));
  new Float64Array(buffer(), config, block.length).set(block);
  const slots = () => new Float64Array(buffer(), state, STATE_SLOTS);
  slots()[SLOT_BEST] = Number.POSITIVE_INFINITY;
  const train = f32 ? e.trainBatchF32 : e.trainBatchF64;
  const matvec = f32 ? e.matvecF32 : e.matvecF64;
  return {
    epoch() {
      slots()[SLOT_EPOCH] = 0;
      train(x, y, n, d, w, g, acc, history, state, config, 1, part);
    },
    matvec: () => matvec(x, n, d, w, 0, out),
  };
}

const loadAtStart = os.loadavg();
const results = [];
for (const size of workloadSizes(false).filter((s) => s.name !== 'narrow')) {
  const wl = makeWorkload(size);
  for (const dtype of ['float32', 'float64']) {
    const sets = Object.fromEntries(Object.entries(BUILDS).map(([k, f]) => [k, setUp(f, wl, dtype)]));
    for (const kernel of ['epoch', 'matvec']) {
      // Past V8's baseline tier (TurboFan's code arrives from a background compile).
      for (const s of Object.values(sets))
        for (const t0 = performance.now(); performance.now() - t0 < 300; ) s[kernel]();
      const times = { default: [], relaxed: [] };
      for (let r = 0; r < rounds; r++) for (const k of Object.keys(sets)) times[k].push(timeCall(sets[k][kernel]));
      const a = median(times.default);
      const b = median(times.relaxed);
      results.push({
        kernel,
        workload: wl.name,
        rows: wl.rows,
        cols: wl.cols,
        dtype,
        defaultMs: a,
        relaxedMs: b,
        ratio: a / b,
      });
    }
  }
}

const f = (ms) => (ms < 0.1 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(3)} ms`);
const loadAtEnd = os.loadavg();
console.log(
  `relaxed SIMD against the default build, one thread, medians of ${rounds} alternating measurements (load average ` +
    `${loadAtStart.map((l) => l.toFixed(1)).join(' ')} → ${loadAtEnd.map((l) => l.toFixed(1)).join(' ')})\n`,
);
console.log('| kernel | workload | dtype | default | relaxed | default ÷ relaxed |');
console.log('| --- | --- | --- | ---: | ---: | ---: |');
for (const r of results) {
  console.log(
    `| ${r.kernel} | ${r.workload} ${r.rows} × ${r.cols} | ${r.dtype} | ${f(r.defaultMs)} | ${f(r.relaxedMs)} | ${r.ratio.toFixed(2)}× |`,
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
    loadAverageAtEnd: loadAtEnd,
  };
  writeFileSync(outArg, `${JSON.stringify({ meta, results }, null, 2)}\n`);
  console.log(`\nwrote ${outArg}`);
}
