// Runs one case: sets every implementation up, runs each once for the agreement check, fails loudly when they
// disagree, then times each one warm, and tears everything down. Returns one result row per implementation.
import { agree } from './agree.mjs';
import { tolerance } from './settings.mjs';
import { time } from './timing.mjs';

/** The implementation every ratio is taken against. */
export const REFERENCE = 'baseline';

/**
 * def: { id, title, impls }; ctx: { workload, dtype, budget }. An implementation has a name and either `na`
 * (does not exist for this dtype), `skip` (too slow to run at this size, with the reason) or the functions
 * setup?, prepare?, check, run, verify?, teardown? and runsPerCheck (timed runs per agreement run). A linwasm
 * kernel also has reference(): readBandwidth over the same bytes, timed right before the kernel. A native
 * implementation (bench/native.mjs) times itself in its own process: it has measure(budget, estimateMs) instead
 * of run, and checkMs() (the time of its check run, without the process start). `untimed`: checked, not timed
 * (the baseline of the thread-scaling table's runs, timed once in the case itself).
 */
export async function measureCase(def, ctx, log) {
  const { workload, dtype, budget } = ctx;
  const label = `${def.id} · ${workload.name} ${workload.rows}×${workload.cols} · ${dtype}`;
  const base = { case: def.id, title: def.title, workload: workload.name, rows: workload.rows, cols: workload.cols };
  const rows = [];
  const active = [];
  const checks = [];
  try {
    for (const impl of def.impls) {
      if (impl.na || impl.skip) {
        rows.push({
          ...base,
          dtype,
          impl: impl.name,
          status: impl.na ? 'n/a' : 'skipped',
          reason: impl.na ?? impl.skip,
        });
        continue;
      }
      await impl.setup?.();
      active.push(impl);
      await impl.prepare?.();
      const start = performance.now();
      const value = impl.check();
      const checkMs = impl.checkMs?.() ?? performance.now() - start;
      checks.push({ impl: impl.name, value, checkMs });
    }
    const tol = tolerance(dtype, def.id.split('/')[1]);
    const diffs = agree(label, checks, REFERENCE, tol);
    log(`${label}: agree within ${tol.toExponential(0)}`);
    for (const impl of active) {
      const check = checks.find((c) => c.impl === impl.name);
      const diff = diffs.find((c) => c.impl === impl.name).diff;
      const estimateMs = check.checkMs / impl.runsPerCheck;
      const row = { ...base, dtype, impl: impl.name, kernel: impl.kernel === true, agreement: diff };
      if (impl.untimed) {
        rows.push({ ...row, status: 'checked', reason: 'the agreement reference only' });
        continue;
      }
      if (estimateMs > budget.maxRun && impl.name !== REFERENCE) {
        const seconds = (estimateMs / 1000).toFixed(1);
        rows.push({ ...row, status: 'checked', reason: `agrees, not timed: ≈ ${seconds} s per run` });
        continue;
      }
      await impl.prepare?.();
      // The bandwidth reference of a kernel: the same bytes read by readBandwidth, right before the kernel.
      const reference = impl.reference ? await time(`${label} read`, impl.reference, budget, 0) : null;
      const stats = impl.measure
        ? impl.measure(budget, estimateMs)
        : await time(`${label} ${impl.name}`, impl.run, budget, estimateMs);
      impl.verify?.();
      rows.push({ ...row, status: 'timed', ...stats, ...(reference ? { referenceMs: reference.medianMs } : {}) });
    }
  } finally {
    for (const impl of active.reverse()) await impl.teardown?.();
  }
  const order = def.impls.map((impl) => impl.name);
  rows.sort((a, b) => order.indexOf(a.impl) - order.indexOf(b.impl));
  return withRatios(rows);
}

/**
 * ratio = baseline median / median (× faster than the baseline); a kernel also gets its share of the read
 * bandwidth: the time of one plain read of its bytes over its own time.
 */
function withRatios(rows) {
  const ref = rows.find((r) => r.impl === REFERENCE && r.status === 'timed');
  return rows.map((r) => {
    if (r.status !== 'timed') return r;
    const out = { ...r, ratio: ref ? ref.medianMs / r.medianMs : null };
    if (r.referenceMs != null) out.bandwidthFraction = r.referenceMs / r.medianMs;
    return out;
  });
}
