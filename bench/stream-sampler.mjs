// process.memoryUsage() peaks of a benchmark child: sampled by a timer (every 100 ms, unref'd) and whenever the
// child calls sample() (after every chunk). Loaded first with `node --import ./bench/stream-sampler.mjs …` it
// also covers processes the benchmark does not write, such as the CLI: with LINWASM_BENCH_MEMORY=<file> set, the
// peaks are written there as JSON when the process exits.
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';

const KEYS = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'];
const started = performance.now();
const peak = Object.fromEntries(KEYS.map((k) => [k, 0]));
/** One sample a second (the first of each second) for the memory-over-time view in the results. */
const timeline = [];
let samples = 0;

export function sample() {
  const m = process.memoryUsage();
  samples++;
  for (const k of KEYS) if (m[k] > peak[k]) peak[k] = m[k];
  const second = Math.floor((performance.now() - started) / 1000);
  if (timeline.length === 0 || timeline[timeline.length - 1].t < second) {
    timeline.push({ t: second, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers });
  }
}

/** The peaks so far (bytes), how many samples they come from, V8's malloc peak and the timeline. */
export function memoryReport() {
  sample();
  const h = v8.getHeapStatistics();
  return {
    peak: { ...peak },
    samples,
    peakMallocedMemory: h.peak_malloced_memory,
    heapSizeLimit: h.heap_size_limit,
    timeline,
  };
}

sample();
setInterval(sample, 100).unref();

if (process.env.LINWASM_BENCH_MEMORY) {
  const out = process.env.LINWASM_BENCH_MEMORY;
  process.on('exit', () => writeFileSync(out, JSON.stringify(memoryReport())));
}
