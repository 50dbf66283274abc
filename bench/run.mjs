// The benchmark runner: `npm run bench` (full sizes, writes bench/results/latest.json) or `npm run bench -- --quick`
// (small sizes, under a minute, writes bench/results/quick.tmp.json). Each workload and dtype runs in a fresh Node
// process (bench/group.mjs). Every case checks that all implementations agree before it times anything; a
// disagreement or a crash fails the run (exit code 1).
// Options: --quick, --only=<text>[,<text>…] (the cases whose "case workload dtype" contains one of the texts),
// --out=<file>.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNative } from './native.mjs';
import { BATCH_SIZE, BUDGET, CHECK_EPOCHS, SHUFFLE_SEED } from './settings.mjs';
import { markdown } from './table.mjs';
import { judgeTargets } from './targets.mjs';
import { loadTf } from './tf.mjs';
import { workloadSizes } from './workloads.mjs';

const DTYPES = ['float32', 'float64'];
const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const args = { quick: false, only: null, out: null };
  for (const a of argv) {
    if (a === '--quick') args.quick = true;
    else if (a.startsWith('--only=')) args.only = a.slice('--only='.length);
    else if (a.startsWith('--out=')) args.out = a.slice('--out='.length);
    else throw new Error(`unknown option ${a} (known: --quick, --only=<text>[,<text>…], --out=<file>)`);
  }
  return args;
}

async function machine(quick, native) {
  const { info } = await loadTf();
  return {
    node: process.versions.node,
    v8: process.versions.v8,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg(),
    quick,
    tfjs: info,
    native: {
      compiler: native.compiler,
      reason: native.reason ?? null,
      variants: native.variants.map(({ bin: _bin, ...v }) => v),
      ompEnvironment: Object.fromEntries(
        Object.entries(process.env).filter(([k]) => k.startsWith('OMP_') || k.startsWith('GOMP_')),
      ),
    },
    settings: {
      checkEpochs: CHECK_EPOCHS,
      batchSize: BATCH_SIZE,
      shuffleSeed: SHUFFLE_SEED,
      budget: quick ? BUDGET.quick : BUDGET.full,
      workloads: workloadSizes(quick),
    },
  };
}

/** Runs one group in a child process; resolves with its { bandwidth, results }. */
function runGroup(group) {
  return new Promise((resolve, reject) => {
    let out = null;
    const child = fork(path.join(here, 'group.mjs'), [JSON.stringify(group)], { stdio: 'inherit' });
    child.on('message', (message) => {
      out = message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && out) resolve(out);
      else reject(new Error(`${group.name} ${group.dtype} failed (exit ${signal ?? code}): see the output above`));
    });
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  console.log(
    `linwasm bench${args.quick ? ' (quick)' : ''}: Node ${process.versions.node}, ${os.cpus()[0]?.model} × ${os.cpus().length}`,
  );
  const native = await buildNative();
  const meta = await machine(args.quick, native);
  console.log(`load average ${meta.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}`);
  if (meta.loadAverageAtStart[0] > 1) {
    console.log('the machine looks busy (the build just before counts too): record results on a quiet machine');
  }
  console.log('');
  const results = [];
  const bandwidth = [];
  const scaling = [];
  for (const size of workloadSizes(args.quick)) {
    for (const dtype of DTYPES) {
      const out = await runGroup({ name: size.name, dtype, quick: args.quick, only: args.only, native });
      if (out.bandwidth) bandwidth.push(out.bandwidth);
      results.push(...out.results);
      scaling.push(...out.scaling);
    }
  }
  const targets = judgeTargets(results, scaling, args.quick);
  const report = { meta: { ...meta, loadAverageAtEnd: os.loadavg() }, bandwidth, results, scaling, targets };
  const file = args.out ?? path.join(here, 'results', args.quick ? 'quick.tmp.json' : 'latest.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(markdown(report));
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`\nwrote ${path.relative(process.cwd(), file)} in ${seconds} s`);
}

main().catch((error) => {
  console.error(`\nbench failed: ${error.message ?? error}`);
  process.exit(1);
});
