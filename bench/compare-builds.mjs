// Two (or more) builds of the core side by side in one process (issue 15: a change to the small epoch measured
// before and after in one run, against the native C reference of the same run). Each build is its own
// WebAssembly instance holding the small workload (1 000 × 8); rounds alternate between the builds, so a
// change in the machine's load hits all of them. Per build and dtype: the batch epoch (one trainBatch call per
// epoch, as the benchmark's epoch case), the gradient pass alone, an epoch on 2 rows (100 epochs per call with the
// stopping rule on, ÷ 100: the per-epoch work around a pass that is almost nothing) and that less the 2-row pass
// timed on its own (the bookkeeping; a difference of two timings, so noisier). C (c-sse, c-avx2) times its epoch in its own
// process, once per round between the builds' turns. Minimum and median over the rounds.
//   npm run build && node bench/compare-builds.mjs --before=main.wasm [other.wasm …] [--rounds=N] [--out=file]
// (the current build/linwasm.wasm is always the last build; copy main's build/linwasm.wasm aside for --before).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import {
  CONFIG_PATIENCE,
  CONFIG_TOLERANCE,
  SLOT_BEST,
  SLOT_EPOCH,
  SLOT_PREVIOUS,
  STATE_SLOTS,
} from '../dist/engine/layout.js';
import { configBlock, plainSettings } from '../dist/engine/train-state.js';
import { instantiateBuild } from './build-instance.mjs';
import { buildNative, NativeRunner } from './native.mjs';
import { learningRate } from './settings.mjs';
import { median } from './timing.mjs';
import { dataOf, makeWorkload, workloadSizes } from './workloads.mjs';

const args = process.argv.slice(2);
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 15);
const outArg = args.find((a) => a.startsWith('--out='))?.slice(6);
const files = [
  ...args.filter((a) => a.startsWith('--before=')).map((a) => a.slice(9)),
  ...args.filter((a) => !a.startsWith('--')),
  'build/linwasm.wasm',
];
const LOOP_MS = 0.25;
const LOOPS = 41;

const size = workloadSizes(false).find((s) => s.name === 'small');
const wl = makeWorkload(size);
const lr = learningRate('batch', wl.cols);

/** A build's instance with the small workload and a 2-row copy in its memory; its timed calls. */
function setUp(file, dtype) {
  const { e, alloc } = instantiateBuild(file);
  const f32 = dtype === 'float32';
  const el = f32 ? 4 : 8;
  const { rows: n, cols: d } = wl;
  const problem = (rows, epochs, tolerance) => {
    const p = {
      x: alloc(rows * d * el),
      y: alloc(rows * 8),
      w: alloc(d * el),
      g: alloc((d + 1) * 8),
      acc: alloc(d * el),
      history: alloc(epochs * 8),
      state: alloc(STATE_SLOTS * 8),
      config: alloc(32 * 8),
    };
    const X = dataOf(wl, dtype).subarray(0, rows * d);
    (f32 ? new Float32Array(e.memory.buffer, p.x, rows * d) : new Float64Array(e.memory.buffer, p.x, rows * d)).set(X);
    new Float64Array(e.memory.buffer, p.y, rows).set(wl.y.subarray(0, rows));
    const block = configBlock(
      plainSettings({ learningRate: rows === n ? lr : 1e-4, batchSize: rows, fitIntercept: false }),
    );
    block[CONFIG_TOLERANCE] = tolerance;
    block[CONFIG_PATIENCE] = 1e9;
    new Float64Array(e.memory.buffer, p.config, block.length).set(block);
    const state = new Float64Array(e.memory.buffer, p.state, STATE_SLOTS);
    state[SLOT_BEST] = Number.POSITIVE_INFINITY;
    state[SLOT_PREVIOUS] = Number.POSITIVE_INFINITY;
    const train = f32 ? e.trainBatchF32 : e.trainBatchF64;
    const gradient = f32 ? e.gradientF32 : e.gradientF64;
    return {
      epochs(k) {
        state[SLOT_EPOCH] = 0;
        return train(p.x, p.y, rows, d, p.w, p.g, p.acc, p.history, p.state, p.config, k, 0);
      },
      pass: () => gradient(p.x, p.y, d, 0, 0, rows, p.w, 0, p.g, p.acc),
    };
  };
  const small = problem(n, 1, -1);
  const tiny = problem(2, 100, 1e-7);
  // θ after 10 epochs, as the benchmark's epoch case starts from.
  small.epochs(10);
  if (tiny.epochs(100) !== 0) throw new Error(`${file}: the 2-row run stopped early`);
  return {
    epoch: () => small.epochs(1),
    pass: small.pass,
    tinyEpochs: () => tiny.epochs(100),
    tinyPass: tiny.pass,
    empty: () => e.heapBase(),
  };
}

/** ms per call of fn: the minimum over LOOPS loops of ≈ LOOP_MS (per round; the rounds give min and median). */
function perCall(fn) {
  let calls = 1;
  for (let t0 = performance.now(); performance.now() - t0 < 2; calls++) fn();
  calls = Math.max(1, Math.round((calls * LOOP_MS) / 2));
  let best = Number.POSITIVE_INFINITY;
  for (let l = 0; l < LOOPS; l++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    best = Math.min(best, (performance.now() - t0) / calls);
  }
  return best;
}

const stats = (a) => ({ minMs: Math.min(...a), medianMs: median(a) });

const build = await buildNative();
const loadAtStart = os.loadavg();
const report = { meta: {}, builds: files, results: {} };
for (const dtype of ['float32', 'float64']) {
  const sets = files.map((f) => setUp(f, dtype));
  for (const s of sets) {
    // Past V8's baseline tier: TurboFan's code arrives from a background compile.
    for (const t0 = performance.now(); performance.now() - t0 < 500; ) s.epoch();
  }
  const runner = new NativeRunner(build, wl, dtype);
  const native = ['c-sse', 'c-avx2'].filter((name) => runner.variant(name)?.bin);
  const samples = Object.fromEntries(
    [...files, ...native].map((k) => [k, { epoch: [], pass: [], twoRowEpoch: [], bookkeeping: [] }]),
  );
  try {
    for (let r = 0; r < rounds; r++) {
      sets.forEach((s, k) => {
        const out = samples[files[k]];
        out.epoch.push(perCall(s.epoch));
        out.pass.push(perCall(s.pass));
        const empty = perCall(s.empty);
        const twoRowEpoch = perCall(s.tinyEpochs) / 100;
        out.twoRowEpoch.push(twoRowEpoch);
        out.bookkeeping.push(twoRowEpoch - (perCall(s.tinyPass) - empty));
      });
      for (const name of native) {
        const budget = { time: 150, minSamples: 5, warmupTime: 50, warmupIterations: 3 };
        samples[name].epoch.push(runner.time(name, 'epoch', budget, 0, { learningRate: lr }).minMs);
      }
    }
  } finally {
    runner.dispose();
  }
  report.results[dtype] = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [
      k,
      Object.fromEntries(
        Object.entries(v)
          .filter(([, a]) => a.length)
          .map(([m, a]) => [m, stats(a)]),
      ),
    ]),
  );
}
report.meta = {
  node: process.versions.node,
  v8: process.versions.v8,
  cpu: os.cpus()[0]?.model,
  cores: os.cpus().length,
  date: new Date().toISOString(),
  compiler: build.compiler,
  workload: { rows: wl.rows, cols: wl.cols },
  rounds,
  loadAverageAtStart: loadAtStart,
  loadAverageAtEnd: os.loadavg(),
};

const ns = (s) => (s ? `${(s.minMs * 1e6).toFixed(0)} (${(s.medianMs * 1e6).toFixed(0)})` : '');
console.log(
  `small ${wl.rows}×${wl.cols}, ${rounds} alternating rounds, ns per epoch: minimum (median); load ${loadAtStart
    .map((l) => l.toFixed(2))
    .join(' ')} → ${report.meta.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')}\n`,
);
for (const dtype of ['float32', 'float64']) {
  const r = report.results[dtype];
  const sse = r['c-sse']?.epoch;
  console.log(`| ${dtype} | epoch | ÷ c-sse (min) | gradient pass | epoch on 2 rows | bookkeeping per epoch |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [k, v] of Object.entries(r)) {
    const ratio = sse ? (v.epoch.minMs / sse.minMs).toFixed(2) : '';
    console.log(`| ${k} | ${ns(v.epoch)} | ${ratio} | ${ns(v.pass)} | ${ns(v.twoRowEpoch)} | ${ns(v.bookkeeping)} |`);
  }
  console.log('');
}
if (outArg) {
  writeFileSync(outArg, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${outArg}`);
}
