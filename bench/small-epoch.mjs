// Where the time of a small batch epoch goes (issue 15): linwasm against the native C reference on the small
// workload (1 000 × 8), in float32 and float64. Not part of `npm run bench`; run it on its own:
//   npm run build && node bench/small-epoch.mjs [--out=bench/results/small-epoch.json] [--wasm=file]
// --wasm times another build of the core (e.g. main's build/linwasm.wasm, copied aside) in place of this one,
// so that a change is measured before and after, each against the C reference of its own run.
// linwasm is timed with short loops of calls (performance.now() around N calls, ≈ 0.25 ms; the median and the
// minimum of 401 loops), so that no harness overhead is counted per call and a loop is rarely preempted on a busy
// machine; the C driver times its calls itself (clock_gettime around each call, or around K epochs in one call;
// median and minimum of the samples). The parts:
//   K epochs per call    K = 1 (as the benchmark's epoch case times it), 10 and 100 epochs in one trainBatch
//                        call, divided by K
//   epoch − pass         1 epoch per call minus the gradient pass alone: everything but the pass (the call,
//                        zeroing g, the update, the history and the end-of-epoch checks)
//   gradient pass        the fused pass alone (one gradientF32/F64 export call per pass; C: gradientAll)
//   update               w ← w − step·g alone (one updateF32/F64 call)
//   call, no epoch       trainBatch called with epochEnd = epoch (its prologue and epilogue, no epoch)
//   empty call           a JS→WASM call of an export that does nothing but return (heapBase)
//   bookkeeping          the per-epoch work around the pass, measured where the pass is tiny: 100 epochs per
//                        call on the workload's first 2 rows, with the stopping rule on (tolerance 1e-7, patience
//                        never reached), ÷ 100, minus the gradient pass on those 2 rows alone (less the cost
//                        of an empty call: the pass is timed one call at a time)
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { CONFIG_PATIENCE, CONFIG_SLOTS, CONFIG_TOLERANCE, SLOT_EPOCH } from '../dist/engine/layout.js';
import { arena } from '../dist/engine/wasm/arena.js';
import { init } from '../dist/index.js';
import { buildNative, NativeRunner } from './native.mjs';
import { learningRate } from './settings.mjs';
import { median } from './timing.mjs';
import { WasmProblem } from './wasm.mjs';
import { dataOf, makeWorkload, workloadSizes } from './workloads.mjs';

const EPOCHS_PER_CALL = [1, 10, 100];
const REPEATS = 401;
const LOOP_MS = 0.25;
const WARMUP_MS = 500;

/** { medianMs, minMs } per call of fn: REPEATS loops of `calls` calls each, after one warm-up loop. */
function perCall(fn, calls) {
  for (let i = 0; i < calls; i++) fn();
  const samples = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    samples.push((performance.now() - t0) / calls);
  }
  return { medianMs: median(samples), minMs: Math.min(...samples) };
}

/** Calls per loop so that one loop takes about LOOP_MS. */
function callsFor(fn) {
  const t0 = performance.now();
  let calls = 0;
  while (performance.now() - t0 < 5) {
    fn();
    calls++;
  }
  return Math.max(1, Math.round((calls * LOOP_MS) / 5));
}

/**
 * Calls fn for WARMUP_MS first: V8 runs WASM in its baseline tier (Liftoff) until TurboFan's code, compiled in the
 * background, arrives — on a busy machine that took long enough to put Liftoff's 2–3× slower code into a whole
 * measurement (10.5 µs instead of 3.2 µs per small epoch).
 */
function measure(fn) {
  const t0 = performance.now();
  while (performance.now() - t0 < WARMUP_MS) fn();
  return perCall(fn, callsFor(fn));
}

function linwasmParts(wl, dtype) {
  const lr = learningRate('batch', wl.cols);
  const p = new WasmProblem(dataOf(wl, dtype), wl.y, wl.rows, wl.cols, dtype, 100);
  try {
    const c = p.core;
    const f32 = dtype === 'float32';
    p.reset(0);
    p.train('batch', lr, wl.rows, 10);
    const out = {};
    for (const k of EPOCHS_PER_CALL) {
      const call =
        k === 1
          ? measure(() => p.epoch('batch', lr, wl.rows))
          : measure(() => {
              p.state[SLOT_EPOCH] = 0;
              p.train('batch', lr, wl.rows, k);
            });
      out[`epochs${k}`] = perEpoch(call, k);
    }
    const gradient = f32 ? c.gradientF32 : c.gradientF64;
    const { xPtr, yPtr, d, wPtr, gPtr, accPtr, n } = p;
    out.gradient = measure(() => gradient(xPtr, yPtr, d, 0, 0, n, wPtr, 0, gPtr, accPtr));
    const update = f32 ? c.updateF32 : c.updateF64;
    out.update = measure(() => update(wPtr, gPtr, d, 1, 0));
    out.callNoEpoch = measure(() => {
      p.state[SLOT_EPOCH] = 1;
      p.train('batch', lr, wl.rows, 1);
    });
    out.emptyCall = measure(() => c.heapBase());
    return { ...out, ...bookkeeping(wl, dtype) };
  } finally {
    p.free();
  }
}

/** { twoRowEpoch, twoRowPass, bookkeeping }: see `bookkeeping` at the top. */
function bookkeeping(wl, dtype) {
  const rows = 2;
  // A small step: two rows never diverge (a diverged run would stop early and time less than 100 epochs).
  const lr = 1e-4;
  const X = dataOf(wl, dtype).subarray(0, rows * wl.cols);
  const p = new WasmProblem(X, wl.y.subarray(0, rows), rows, wl.cols, dtype, 100);
  try {
    p.reset(0);
    p.train('batch', lr, rows, 1);
    // The stopping rule's arithmetic runs every epoch, as in a fit; patience is never reached.
    const config = arena().f64(p.configPtr, CONFIG_SLOTS);
    config[CONFIG_TOLERANCE] = 1e-7;
    config[CONFIG_PATIENCE] = 1e9;
    const twoRowEpoch = perEpoch(
      measure(() => {
        p.state[SLOT_EPOCH] = 0;
        p.train('batch', lr, rows, 100);
      }),
      100,
    );
    p.state[SLOT_EPOCH] = 0;
    const status = p.train('batch', lr, rows, 100);
    if (status !== 0) throw new Error(`the 2-row run stopped early (status ${status})`);
    const c = p.core;
    const gradient = dtype === 'float32' ? c.gradientF32 : c.gradientF64;
    const { xPtr, yPtr, d, wPtr, gPtr, accPtr } = p;
    const twoRowPass = measure(() => gradient(xPtr, yPtr, d, 0, 0, rows, wPtr, 0, gPtr, accPtr));
    // The pass is one export call each time; the 100 epochs are one call for all: its cost is taken back out.
    const emptyCall = measure(() => c.heapBase());
    const rest = (stat) => twoRowEpoch[stat] - (twoRowPass[stat] - emptyCall[stat]);
    return { twoRowEpoch, twoRowPass, bookkeeping: { medianMs: rest('medianMs'), minMs: rest('minMs') } };
  } finally {
    p.free();
  }
}

function nativeParts(runner, name, wl) {
  const budget = { time: 1500, minSamples: 5, warmupTime: 300, warmupIterations: 3 };
  const lr = learningRate('batch', wl.cols);
  const pick = (s) => ({ medianMs: s.medianMs, minMs: s.minMs });
  const out = {};
  for (const k of EPOCHS_PER_CALL) {
    out[`epochs${k}`] = perEpoch(runner.time(name, 'epoch', budget, 0, { learningRate: lr, epochsPerCall: k }), k);
  }
  out.gradient = pick(runner.time(name, 'gradient', budget, 0, { learningRate: lr }));
  return out;
}

/** A call's times divided by its K epochs. */
function perEpoch(call, k) {
  return { medianMs: call.medianMs / k, minMs: call.minMs / k };
}

/** Adds `rest`: one epoch per call minus the gradient pass alone (each statistic on its own). */
function split(parts) {
  const rest = (stat) => parts.epochs1[stat] - parts.gradient[stat];
  return { ...parts, rest: { medianMs: rest('medianMs'), minMs: rest('minMs') } };
}

const LABELS = {
  epochs1: '1 epoch per call (the epoch case)',
  epochs10: '10 epochs per call, ÷ 10',
  epochs100: '100 epochs per call, ÷ 100',
  gradient: 'gradient pass alone',
  rest: '1 epoch per call − gradient pass',
  update: 'update',
  callNoEpoch: 'call, no epoch',
  emptyCall: 'empty call',
  twoRowEpoch: 'epoch on 2 rows (100 per call, stopping rule on), ÷ 100',
  twoRowPass: 'gradient pass on 2 rows',
  bookkeeping: 'bookkeeping per epoch (the two above, subtracted)',
};

function ns(part) {
  return part == null ? '' : `${(part.medianMs * 1e6).toFixed(0)} (${(part.minMs * 1e6).toFixed(0)}) ns`;
}

async function main() {
  const outArg = process.argv.find((a) => a.startsWith('--out='));
  const wasmArg = process.argv.find((a) => a.startsWith('--wasm='));
  const wasm = wasmArg?.slice('--wasm='.length);
  await init(wasm ? readFileSync(wasm) : undefined, { threads: 1 });
  const build = await buildNative();
  const size = workloadSizes(false).find((s) => s.name === 'small');
  const wl = makeWorkload(size);
  const report = {
    meta: {
      node: process.versions.node,
      v8: process.versions.v8,
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      date: new Date().toISOString(),
      loadAverageAtStart: os.loadavg(),
      compiler: build.compiler,
      wasm: wasm ?? 'build/linwasm.wasm (embedded)',
    },
    workload: { rows: wl.rows, cols: wl.cols },
    parts: {},
  };
  for (const dtype of ['float32', 'float64']) {
    const runner = new NativeRunner(build, wl, dtype);
    try {
      const parts = { linwasm: split(linwasmParts(wl, dtype)) };
      for (const name of ['c-sse', 'c-avx2']) {
        if (runner.variant(name)?.bin) parts[name] = split(nativeParts(runner, name, wl));
      }
      report.parts[dtype] = parts;
    } finally {
      runner.dispose();
    }
  }
  report.meta.loadAverageAtEnd = os.loadavg();
  const impls = Object.keys(report.parts.float32);
  console.log(
    `\nsmall ${wl.rows}×${wl.cols}, medians (load ${report.meta.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')})\n`,
  );
  for (const dtype of ['float32', 'float64']) {
    console.log(`| ${dtype} | ${impls.join(' | ')} |`);
    console.log(`| --- | ${impls.map(() => '---:').join(' | ')} |`);
    for (const [key, label] of Object.entries(LABELS)) {
      console.log(`| ${label} | ${impls.map((i) => ns(report.parts[dtype][i][key])).join(' | ')} |`);
    }
    console.log('');
  }
  if (outArg) {
    writeFileSync(outArg.slice('--out='.length), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${outArg.slice('--out='.length)}`);
  }
}

main().catch((error) => {
  console.error(error.stack ?? error);
  process.exit(1);
});
