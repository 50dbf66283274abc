// One workload in one dtype, in a Node process of its own (run.mjs forks one per group), so the JIT state that
// one group leaves behind (say, the baseline's kernels specialised to Float32Array) cannot slow another down.
// Measures the bandwidth reference, then runs every case, then (tall and wide) the thread-scaling table; sends
// { bandwidth, results, scaling } to the parent.
import { init } from '../dist/index.js';
import { measureBandwidth } from './bandwidth.mjs';
import { epochCases } from './cases/epoch.mjs';
import { exactCases } from './cases/exact.mjs';
import { fitCases } from './cases/fit.mjs';
import { predictCases } from './cases/predict.mjs';
import { measureCase } from './measure.mjs';
import { NativeRunner } from './native.mjs';
import { measureScaling } from './scaling.mjs';
import { BUDGET } from './settings.mjs';
import { caseBlock, formatMs } from './table.mjs';
import { loadTf } from './tf.mjs';
import { makeWorkload, workloadSizes } from './workloads.mjs';

/**
 * Runs the cases of workload `name` in `dtype` whose "case workload dtype" contains one of the comma-separated
 * texts of `only` (all when null);
 * `native` is the native C reference's build (bench/native.mjs buildNative).
 */
export async function runGroup({ name, dtype, quick, only, native }) {
  const budget = quick ? BUDGET.quick : BUDGET.full;
  const size = workloadSizes(quick).find((s) => s.name === name);
  await init();
  const { tf } = await loadTf();
  const workload = makeWorkload(size);
  const runner = new NativeRunner(native, workload, dtype);
  try {
    return await runCases({ workload, dtype, budget, quick, tf, native: runner }, only);
  } finally {
    runner.dispose();
  }
}

async function runCases(ctx, only) {
  const { workload, dtype, budget } = ctx;
  const texts = only?.split(',') ?? null;
  const selected = (id) =>
    (!workload.cases || workload.cases.some((prefix) => id.startsWith(prefix))) &&
    (!texts || texts.some((text) => `${id} ${workload.name} ${dtype}`.includes(text)));
  const cases = [...epochCases(ctx), ...fitCases(ctx), ...predictCases(ctx), ...exactCases(ctx)].filter((c) =>
    selected(c.id),
  );
  if (cases.length === 0) return { bandwidth: null, results: [], scaling: [] };
  const bw = await measureBandwidth(workload, dtype, budget);
  const bandwidth = { workload: workload.name, dtype, ...bw };
  console.log(
    `read bandwidth · ${workload.name} ${dtype}: ${(bw.bytes / 1e6).toFixed(1)} MB in ${formatMs(bw.medianMs)}` +
      ` = ${bw.gbPerS.toFixed(1)} GB/s\n`,
  );
  const results = [];
  for (const def of cases) {
    const started = performance.now();
    const rows = await measureCase(def, ctx, (line) => console.log(`✓ ${line}`));
    results.push(...rows);
    console.log(`${caseBlock(rows)}\n  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  const scaling = await measureScaling(ctx, results, selected, (line) => console.log(line));
  return { bandwidth, results, scaling };
}

if (process.send) {
  const group = JSON.parse(process.argv[2]);
  runGroup(group).then(
    (out) => process.send(out, () => process.exit(0)),
    (error) => {
      console.error(`\n${error.stack ?? error}`);
      process.exit(1);
    },
  );
}
