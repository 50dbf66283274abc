// Formats results: one block per case while the run goes, then the table of ratios and the targets (plain text
// for the terminal, Markdown for bench/README.md). Run directly to print the Markdown of a recorded run:
//   node bench/table.mjs [bench/results/latest.json]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const IMPLS = ['linwasm', 'naive', 'tfjs-wasm', 'tfjs-cpu', 'ml-regression'];

export function formatMs(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(ms >= 100 ? 0 : ms >= 10 ? 1 : 2)} ms`;
  return `${(ms * 1000).toFixed(ms >= 0.1 ? 0 : 1)} µs`;
}

function formatRatio(ratio) {
  if (ratio == null) return '—';
  return `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}

function percent(fraction) {
  return `${Math.round(fraction * 100)}%`;
}

/** The lines of one case, as printed during the run. */
export function caseBlock(rows) {
  const r0 = rows[0];
  const lines = [`${r0.case} · ${r0.workload} ${r0.rows}×${r0.cols} · ${r0.dtype} — ${r0.title}`];
  for (const r of rows) {
    const name = `  ${r.impl.padEnd(14)}`;
    if (r.status !== 'timed') {
      lines.push(`${name}${r.status}: ${r.reason}`);
      continue;
    }
    const spread = `±${(r.spread * 100).toFixed(1)}%`.padStart(7);
    const ratio = `${formatRatio(r.ratio)} baseline`.padStart(16);
    const bw = r.bandwidthFraction != null ? `  ${percent(r.bandwidthFraction)} of read bandwidth` : '';
    lines.push(`${name}${formatMs(r.medianMs).padStart(9)} ${spread}  n=${String(r.samples).padEnd(4)}${ratio}${bw}`);
  }
  return lines.join('\n');
}

/** Result rows grouped by case, workload and dtype, in run order. */
function groups(results) {
  const map = new Map();
  for (const r of results) {
    const key = `${r.case}|${r.workload}|${r.dtype}`;
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(r);
  }
  return [...map.values()];
}

function cell(rows, impl) {
  const r = rows.find((x) => x.impl === impl);
  if (!r) return '';
  if (r.status === 'timed') return formatRatio(r.ratio);
  return r.status === 'checked' ? 'slow' : r.status === 'skipped' ? 'skip' : '';
}

/** The table of ratios (× the baseline's speed) as Markdown, with the baseline's and linwasm's medians. */
export function ratioTable(results) {
  const head = ['case', 'workload', 'dtype', 'baseline', ...IMPLS, 'linwasm % of read bw'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 3 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const rows of groups(results)) {
    const r0 = rows[0];
    const base = rows.find((r) => r.impl === 'baseline' && r.status === 'timed');
    const mine = rows.find((r) => r.impl === 'linwasm' && r.status === 'timed');
    const bw = mine?.bandwidthFraction != null ? percent(mine.bandwidthFraction) : '';
    const cells = [r0.case, r0.workload, r0.dtype, base ? formatMs(base.medianMs) : '—'];
    lines.push(`| ${[...cells, ...IMPLS.map((i) => cell(rows, i)), bw].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The targets as Markdown. */
export function targetTable(targets) {
  const lines = ['| target | needed | measured | |', '| --- | ---: | ---: | --- |'];
  for (const t of targets) {
    const show = (v) => (v == null ? '—' : t.kind === 'fraction' ? percent(v) : formatRatio(v));
    const verdict = t.met == null ? 'not judged' : t.met ? 'met' : '**missed**';
    lines.push(`| ${t.text} | ≥ ${show(t.min)} | ${show(t.value)} | ${verdict} |`);
  }
  return lines.join('\n');
}

/** The bandwidth reference of each workload and dtype as Markdown. */
export function bandwidthTable(bandwidth) {
  const lines = ['| workload | dtype | bytes of X | read time | GB/s |', '| --- | --- | ---: | ---: | ---: |'];
  // Measured once per workload and dtype, at the start of its process (kernels use their own reads).
  for (const b of bandwidth) {
    const mb = `${(b.bytes / 1e6).toFixed(1)} MB`;
    lines.push(`| ${b.workload} | ${b.dtype} | ${mb} | ${formatMs(b.medianMs)} | ${b.gbPerS.toFixed(1)} |`);
  }
  return lines.join('\n');
}

/** Everything a recorded run says, as Markdown. */
export function markdown(report) {
  const m = report.meta;
  return [
    `Node ${m.node} (V8 ${m.v8}), ${m.cpu} × ${m.cores}, ${m.date}${m.quick ? ', quick run' : ''};`,
    `TF.js ${m.tfjs.version} (WASM backend: SIMD ${m.tfjs.wasmSimd}, threads ${m.tfjs.wasmThreads}).`,
    '',
    'Ratios are the baseline\'s median time over each implementation\'s (higher is faster; "slow": checked but',
    'not timed, "skip": too slow to check at this size, empty: not applicable). "% of read bw": a plain SIMD read',
    "of the same bytes, timed right before the kernel, over the kernel's time.",
    '',
    ratioTable(report.results),
    '',
    bandwidthTable(report.bandwidth),
    '',
    targetTable(report.targets),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? fileURLToPath(new URL('./results/latest.json', import.meta.url));
  console.log(markdown(JSON.parse(readFileSync(file, 'utf8'))));
}
