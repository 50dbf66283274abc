// Formats results: one block per case while the run goes, then the table of ratios and the targets (plain text
// for the terminal, Markdown for bench/README.md). Run directly to print the Markdown of a recorded run:
//   node bench/table.mjs [bench/results/latest.json]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NATIVE_IMPLS } from './native.mjs';

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
    const threads = r.threads > 1 ? `  (${r.threads} threads)` : '';
    lines.push(
      `${name}${formatMs(r.medianMs).padStart(9)} ${spread}  n=${String(r.samples).padEnd(4)}${ratio}${bw}${threads}`,
    );
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

/** A target's figure as text: a fraction as a percentage, else a ratio. */
function targetValue(t, v) {
  if (v == null) return '—';
  return t.kind === 'fraction' ? percent(v) : formatRatio(v);
}

/** The targets as Markdown: the bound, linwasm's figure, the verdict, and the native OpenMP yardstick. */
export function targetTable(targets) {
  const lines = ['| target | needed | measured | | C OpenMP |', '| --- | ---: | ---: | --- | ---: |'];
  for (const t of targets) {
    const needed = t.max != null ? `≤ ${targetValue(t, t.max)}` : `≥ ${targetValue(t, t.min)}`;
    const verdict = t.note ? t.note : t.met == null ? 'not judged' : t.met ? 'met' : '**missed**';
    const reference = t.reference ? targetValue(t, t.reference.value) : '';
    lines.push(`| ${t.text} | ${needed} | ${targetValue(t, t.value)} | ${verdict} | ${reference} |`);
  }
  return lines.join('\n');
}

/**
 * linwasm against the native C reference, case by case (medians of the same run; OpenMP on every core): the
 * times, then linwasm's time over each C variant's (above 1: linwasm is slower).
 */
export function nativeTable(results) {
  const head = ['case', 'workload', 'dtype', 'linwasm', ...NATIVE_IMPLS, ...NATIVE_IMPLS.map((n) => `linwasm ÷ ${n}`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 3 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const rows of groups(results)) {
    if (!rows.some((r) => NATIVE_IMPLS.includes(r.impl))) continue;
    const r0 = rows[0];
    const timed = (impl) => rows.find((r) => r.impl === impl && r.status === 'timed');
    const mine = timed('linwasm');
    const times = NATIVE_IMPLS.map((n) => {
      const r = timed(n);
      if (!r) return rows.find((x) => x.impl === n) ? 'skip' : '';
      return r.threads > 1 ? `${formatMs(r.medianMs)} (${r.threads}t)` : formatMs(r.medianMs);
    });
    const ratios = NATIVE_IMPLS.map((n) => {
      const r = timed(n);
      return r && mine ? `${(mine.medianMs / r.medianMs).toFixed(2)}` : '';
    });
    lines.push(
      `| ${[r0.case, r0.workload, r0.dtype, mine ? formatMs(mine.medianMs) : '—', ...times, ...ratios].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The thread-scaling table as Markdown: each implementation's median at 1 … N threads and its speedup. */
export function scalingTable(scaling) {
  if (!scaling?.length) return '';
  const counts = [...new Set(scaling.map((r) => r.threads))].sort((a, b) => a - b);
  const head = ['case', 'workload', 'dtype', 'impl', ...counts.map((t) => `${t} thread${t > 1 ? 's' : ''}`)];
  head.push(...counts.filter((t) => t > 1).map((t) => `speedup ×${t}`));
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 4 ? ' --- ' : ' ---: ')).join('|')}|`];
  const keys = [...new Set(scaling.map((r) => `${r.case}|${r.workload}|${r.dtype}|${r.impl}`))];
  for (const key of keys) {
    const rows = scaling.filter((r) => `${r.case}|${r.workload}|${r.dtype}|${r.impl}` === key);
    const at = (t) => rows.find((r) => r.threads === t);
    const times = counts.map((t) => {
      const r = at(t);
      return r?.status === 'timed' ? formatMs(r.medianMs) : r ? 'not yet' : '';
    });
    const speedups = counts.filter((t) => t > 1).map((t) => (at(t)?.speedup != null ? formatRatio(at(t).speedup) : ''));
    const r0 = rows[0];
    lines.push(`| ${[r0.case, r0.workload, r0.dtype, r0.impl, ...times, ...speedups].join(' | ')} |`);
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
    ...nativeSection(report),
    targetTable(report.targets),
  ].join('\n');
}

/** The native C reference's tables, when the run had it. */
function nativeSection(report) {
  const native = report.meta.native;
  if (!native) return [];
  if (!native.compiler || !report.results.some((r) => NATIVE_IMPLS.includes(r.impl) && r.status === 'timed')) {
    return [`Native C reference: not run (${native.reason ?? 'no variant ran'}).`, ''];
  }
  const flags = native.variants.map((v) => `${v.name}: \`${v.flags}\`${v.unavailable ? ` (${v.unavailable})` : ''}`);
  return [
    `Native C reference (${native.compiler}; ${flags.join('; ')}). linwasm ÷ C is linwasm's median time over the`,
    "C variant's, measured in the same process run (below 1: linwasm is faster).",
    '',
    nativeTable(report.results),
    '',
    'Thread scaling (median per call; speedup = the same implementation on one thread over N threads):',
    '',
    scalingTable(report.scaling),
    '',
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? fileURLToPath(new URL('./results/latest.json', import.meta.url));
  console.log(markdown(JSON.parse(readFileSync(file, 'utf8'))));
}
