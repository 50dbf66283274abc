// Load benchmark of the model server: `npm run bench:serve`. Starts `linwasm serve` (REST and gRPC) in its own
// process on 127.0.0.1 with a model of the bundled diabetes data, and beside it a bare fastify route answering the
// same JSON with the same model (server/bench/reference.mjs): the measure of the server's own overhead; and
// `linwasm serve --no-fast-inference` ("routed": plain JSON inference through fastify's routing, as createServer
// does by default), measured in the same rounds. Every case
// first checks that the answer equals LinearRegression.predict, then sends inference requests for a few seconds:
// JSON, binary tensor data and gRPC (raw and typed contents), FP64 and FP32, at 1, 100 and 10 000 rows per request.
// Writes server/bench/results/serve.json, prints a table and judges the targets (rows/s of binary vs JSON at 10 000 rows,
// single-row JSON requests/s, linwasm vs the bare route).
// Options: --seconds=<n> per case (default 5), --connections=<n> (default 8), --rounds=<n> (default 12),
// --paired-rounds=<n> (default 9), --instances=<n> (default 3), --node-flags="<flags>" (Node/V8 flags for every
// server process, the bare route's included: e.g. --node-flags=--no-memory-reducer), --quick
// (1 s per case, 1 and 100 rows, 2 rounds, 1 paired round, 2 instances: checks agreement and that nothing fails,
// judges nothing).
// The overhead of the server itself is measured with single-row JSON, the servers pinned to the machine's last core
// and this process (the load generator) and the processes it forks to the others (affinity.mjs), in two ways:
// - Paired rounds (paired.mjs; judged): the bare route and linwasm loaded at the same time, each by a load process
//   of its own, so that they split the one core in the same moment of the machine; then the bare route and routed
//   linwasm, then the bare route and the control. The ratio of their requests is the ratio of their speeds, and the
//   target is judged on the median round. On this VM a server's speed alone changes by up to 2x from one second to
//   the next (the host), which moves both servers of a pair alike.
// - Alternating rounds (recorded, not judged): the bare route, linwasm, the bare route, routed linwasm, the bare
//   route, another process of the bare route (the control) and the bare route again, for 1 s each; a server's ratio
//   is its requests/s over the mean of its two neighbours'. A round is steady when those two agree within a tenth.
//   The machine's changes from second to second make these rounds' ratios spread from 0.4 to 1.3 here (the
//   control's too), which is why they are not judged.
// Instances: each server runs in `--instances` processes, and each round takes its bare route and its servers
// from another pairing of them (every pairing in turn; 9 paired rounds take each of 3 x 3 once). On this VM one
// process of the same code can run faster or slower than another for minutes (two processes of the bare route
// differed by 5-12% over 40 minutes of rounds), so one process of each would compare two draws of that luck as much
// as two servers. The control's ratio would be 1 on a perfect machine: recorded and printed as the noise of the
// judged ratio, not judged. (In paired rounds it has come out below 1, 0.96-0.98 here: the bare process of a round
// serves all three of its pairs back to back, the other server one; that favours the bare route, not linwasm.)
// Each process of linwasm serves one round in three and waits between them. With V8's memory reducer on, about
// 100 s after the start-up's full GC the reducer runs a GC that deoptimizes the request path, and with pauses the
// server stays ~20% slower after it (docs/server.md, "After a quiet spell"); the bare route never runs a full GC
// under this load. `linwasm serve` therefore serves from a child process started with --no-memory-reducer
// (src/cli/serve-process.ts): that child is the process pinned and measured, its pid read from its log lines.
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { init, LinearRegression } from 'linwasm';
import { median } from '../../bench/timing.mjs';
import { cpuSplit, pin } from './affinity.mjs';
import { grpcLoad, httpLoad } from './load.mjs';
import { pairedRound } from './paired.mjs';
import { answerValues, batchOf, binaryRequest, grpcRequest, jsonRequest } from './requests.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '../..');
const serverRoot = path.join(here, '..');

function parseArgs(argv) {
  const args = { seconds: 5, connections: 8, rounds: 12, pairedRounds: 9, instances: 3, quick: false, nodeFlags: [] };
  for (const a of argv) {
    if (a === '--quick') {
      args.quick = true;
      continue;
    }
    if (a.startsWith('--node-flags=')) {
      args.nodeFlags = a.slice('--node-flags='.length).split(' ').filter(Boolean);
      continue;
    }
    const [flag, value] = a.replace(/^--/, '').split('=');
    const key = flag.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (
      !['seconds', 'connections', 'rounds', 'pairedRounds', 'instances'].includes(key) ||
      !/^\d+$/.test(value ?? '')
    ) {
      throw new Error(
        `unknown option ${a} (known: --seconds=<n>, --connections=<n>, --rounds=<n>, --paired-rounds=<n>, ` +
          '--instances=<n>, --node-flags="<flags>", --quick)',
      );
    }
    args[key] = Number(value);
  }
  if (args.quick) {
    args.seconds = 1;
    args.rounds = 2;
    args.pairedRounds = 1;
    args.instances = 2;
  }
  // The control round compares two processes of the bare route.
  if (args.instances < 2) throw new Error('--instances must be at least 2');
  return args;
}

/** The diabetes CSV: header row, last column the target. */
function diabetes() {
  const [header, ...lines] = readFileSync(path.join(root, 'data/diabetes.csv'), 'utf8').trim().split('\n');
  const rows = lines.map((l) => l.split(',').map(Number));
  return { names: header.split(','), X: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]) };
}

/** `n` different ports that were free a moment ago (all probed at once, so that none is given twice). */
async function freePorts(n) {
  const probes = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((resolve, reject) => {
          const probe = createServer();
          probe.once('error', reject);
          probe.listen(0, '127.0.0.1', () => resolve(probe));
        }),
    ),
  );
  const ports = probes.map((p) => p.address().port);
  await Promise.all(probes.map((p) => new Promise((resolve) => p.close(resolve))));
  return ports;
}

/**
 * The processes that round r compares, among k of each server: the bare route's r % k against linwasm's and
 * routed's (r + ⌊r / k⌋) % k, every pairing once in k² rounds so that no one process's speed weighs on all
 * rounds, and the bare route's next process as the control.
 */
function pairing(r, k) {
  const bare = r % k;
  const server = (r + Math.floor(r / k)) % k;
  return { bare, linwasm: server, routed: server, control: (bare + 1) % k };
}

async function waitReady(url, child) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/v2/health/live`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not become ready within 15 s');
}

function stop(child) {
  child.kill('SIGTERM');
  return new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
}

/** Checks one answer against predict, to `relative` accuracy (0: exactly). */
function agree(values, expected, relative, what) {
  for (let i = 0; i < expected.length; i++) {
    const tolerance = relative * Math.max(1, Math.abs(expected[i]));
    if (!(Math.abs(values[i] - expected[i]) <= tolerance)) {
      throw new Error(`${what}: row ${i} answered ${values[i]}, predict gives ${expected[i]}`);
    }
  }
}

/** A round is steady when the bare route's measurements before and after it differ by at most this fraction. */
const STEADY = 0.1;
/** Fewer steady rounds than this, and the target is judged on all rounds (the output says which). */
const MIN_STEADY_ROUNDS = 4;

/**
 * One server's measurement between two of the bare route's. When those disagree by more than a tenth, the
 * machine changed speed during the round, and its ratio measures that change as much as the servers.
 */
function bracketed(fastifyBefore, linwasm, fastifyAfter) {
  const fastify = (fastifyBefore + fastifyAfter) / 2;
  const steady = Math.abs(fastifyBefore - fastifyAfter) <= STEADY * fastify;
  return { fastifyBefore, fastifyAfter, fastify, linwasm, steady, ratio: linwasm / fastify };
}

/** The ratio of bracketed rounds: the median of the steady ones when there are enough, of all otherwise. */
function summary(rounds) {
  const all = rounds.map((r) => r.ratio).sort((a, b) => a - b);
  const steady = rounds.filter((r) => r.steady).map((r) => r.ratio);
  const onSteady = steady.length >= MIN_STEADY_ROUNDS;
  return {
    median: median(onSteady ? steady : all),
    judgedOn: onSteady ? 'steady rounds' : 'all rounds',
    steadyRounds: steady.length,
    medianOfAllRounds: median(all),
    min: all[0],
    max: all[all.length - 1],
  };
}

const args = parseArgs(process.argv.slice(2));
const loadAverageAtStart = os.loadavg();
await init();
const { names, X, y } = diabetes();
const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
const models = mkdtempSync(path.join(os.tmpdir(), 'linwasm-bench-serve-'));
mkdirSync(path.join(models, 'diabetes', '1'), { recursive: true });
const modelFile = path.join(models, 'diabetes', '1', 'model.json');
writeFileSync(
  modelFile,
  JSON.stringify({ ...model.toJSON(), columns: { features: names.slice(0, -1), target: names.at(-1) } }),
);

/**
 * `linwasm serve` on the bench's registry with these flags, in a process of its own, and `pid`: a promise of the
 * pid of the process that serves, read from its log lines. Without --no-memory-reducer among the Node flags,
 * `linwasm serve` serves from a child process it starts (src/cli/serve-process.ts), and that is the process to
 * pin and to read the CPU time of.
 */
const serve = (flags) => {
  const child = spawn(
    process.execPath,
    [...args.nodeFlags, path.join(serverRoot, 'bin/linwasm.mjs'), 'serve', '--models', models, ...flags],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let logged = '';
  const pid = new Promise((resolve) => {
    // Read until the first log line names the pid; after that the lines are only drained.
    child.stdout.on('data', (chunk) => {
      if (logged === null) return;
      logged += chunk;
      const m = /"pid":(\d+)/.exec(logged);
      if (m) {
        logged = null;
        resolve(Number(m[1]));
      }
    });
  });
  return { child, pid };
};
const ports = await freePorts(6 * args.instances);
/** `args.instances` processes of one server: { url, child, … } each, from `start(port, grpcPort)`. */
const instances = (start) =>
  Array.from({ length: args.instances }, () => {
    const [port, grpcPort] = ports.splice(0, 2);
    return { url: `http://127.0.0.1:${port}`, ...start(port, grpcPort) };
  });
// `linwasm serve` as deployed: its default log level (info: lifecycle and errors; no access log), with gRPC.
const linwasms = instances((port, grpcPort) => ({
  grpcPort,
  ...serve(['--port', String(port), '--grpc-port', String(grpcPort)]),
}));
// The same server with plain JSON inference routed through fastify (createServer's default).
const routeds = instances((port) => serve(['--port', String(port), '--no-fast-inference']));
const bares = instances((port) => ({
  child: fork(path.join(here, 'reference.mjs'), [String(port), modelFile], {
    stdio: 'inherit',
    execArgv: args.nodeFlags,
  }),
}));
// The cases run against the first process of each server.
const [{ url, grpcPort }, { url: routedUrl }, { url: refUrl }] = [linwasms[0], routeds[0], bares[0]];
const definition = loadSync(path.join(serverRoot, 'proto/grpc_predict_v2.proto'), {
  keepCase: true,
  longs: Number,
  defaults: true,
});
const Service = grpc.loadPackageDefinition(definition).inference.GRPCInferenceService;
const client = new Service(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());

const sizes = args.quick ? [1, 100] : [1, 100, 10_000];
const kinds = [
  { kind: 'json', datatype: 'FP64' },
  { kind: 'json', datatype: 'FP32' },
  { kind: 'binary', datatype: 'FP64' },
  { kind: 'binary', datatype: 'FP32' },
  { kind: 'grpc-raw', datatype: 'FP64' },
  { kind: 'grpc-raw', datatype: 'FP32' },
  { kind: 'grpc-typed', datatype: 'FP64' },
];

async function ask(kind, target, req, message) {
  if (kind.startsWith('grpc')) {
    return new Promise((resolve, reject) => client.ModelInfer(message, (e, r) => (e ? reject(e) : resolve(r))));
  }
  const res = await fetch(`${target}/v2/models/diabetes/infer`, {
    method: 'POST',
    body: req.body,
    headers: req.headers,
  });
  if (res.status !== 200) throw new Error(`${kind}: status ${res.status}: ${await res.text()}`);
  return kind === 'binary' ? { headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) } : res.json();
}

try {
  await Promise.all([...linwasms, ...routeds, ...bares].map((s) => waitReady(s.url, s.child)));
  for (const s of [...linwasms, ...routeds, ...bares]) s.pid = s.pid ? await s.pid : s.child.pid;
  const cases = [];
  const run = async (name, target, { kind, datatype }, rows) => {
    const batch = batchOf(X, rows);
    const req = kind === 'binary' ? binaryRequest(batch, datatype) : jsonRequest(batch, datatype);
    const message = kind.startsWith('grpc') ? grpcRequest(batch, datatype, kind === 'grpc-raw') : null;
    // The server predicts FP32 requests in float32 (the same call on a Float32Array matrix) and answers FP32: its
    // answers equal predict's rounded to float32. The reference route sums in another order (equal to 1e-12).
    const expected = Array.from(
      model.predict(
        datatype === 'FP32' ? { data: new Float32Array(batch.flat()), rows, cols: batch[0].length } : batch,
      ),
      datatype === 'FP32' ? Math.fround : Number,
    );
    const answer = answerValues(kind, await ask(kind, target, req, message));
    agree(answer, expected, name === 'fastify' ? 1e-12 : 0, `${name} ${kind} ${datatype} ${rows} rows`);
    const settings = { seconds: args.quick ? 1 : Math.min(2, args.seconds), connections: args.connections };
    const load = () =>
      message ? grpcLoad(client, message, settings) : httpLoad(`${target}/v2/models/diabetes/infer`, req, settings);
    await load(); // warm-up: JIT, connection pools
    settings.seconds = args.seconds;
    const r = await load();
    if (r.errors > 0) throw new Error(`${r.errors} failed requests: ${name} ${kind} ${datatype} ${rows} rows`);
    const c = {
      server: name,
      kind,
      datatype,
      rowsPerRequest: rows,
      requestBytes: message ? null : Buffer.byteLength(req.body),
      ...r,
      rowsPerSecond: r.requestsPerSecond * rows,
    };
    cases.push(c);
    console.log(
      `${name.padEnd(8)} ${kind.padEnd(10)} ${datatype} ${String(rows).padStart(6)} rows: ${c.requestsPerSecond.toFixed(0).padStart(7)} req/s ` +
        `${c.rowsPerSecond.toFixed(0).padStart(10)} rows/s  p50 ${c.latencyMs.p50.toFixed(2)} ms  p99 ${c.latencyMs.p99.toFixed(2)} ms`,
    );
  };

  // The overhead pair first and back to back, so that both see the same machine.
  await run('fastify', refUrl, kinds[0], 1);
  await run('linwasm', url, kinds[0], 1);
  await run('routed', routedUrl, kinds[0], 1);
  // The overhead rounds (see the top of this file), before the large requests grow the server's heap, pinned.
  const split = cpuSplit();
  const serverPids = [...linwasms, ...routeds, ...bares].map((s) => s.pid);
  const pinned = split !== null && pin(serverPids, split.server) && pin([process.pid], split.load);
  if (!pinned) console.log('overhead rounds unpinned: no taskset here, or a single core');
  const overheadRounds = [];
  {
    const req = jsonRequest(batchOf(X, 1), 'FP64');
    const settings = { seconds: 1, connections: args.connections };
    const rps = async (target) => {
      const r = await httpLoad(`${target}/v2/models/diabetes/infer`, req, settings);
      if (r.errors > 0) throw new Error(`${r.errors} failed requests in the overhead rounds`);
      return r.requestsPerSecond;
    };
    // The other instances warmed up as the first ones were by their case above (JIT, connection handling).
    for (const s of [...bares.slice(1), ...linwasms.slice(1), ...routeds.slice(1)]) {
      await httpLoad(`${s.url}/v2/models/diabetes/infer`, req, { ...settings, seconds: args.quick ? 1 : 2 });
    }
    for (let i = 0; i < args.rounds; i++) {
      const p = pairing(i, args.instances);
      const bare = bares[p.bare].url;
      const before = await rps(bare);
      const linwasm = await rps(linwasms[p.linwasm].url);
      const between = await rps(bare);
      const routedRps = await rps(routeds[p.routed].url);
      const after = await rps(bare);
      const control = await rps(bares[p.control].url);
      const last = await rps(bare);
      const round = {
        instances: p,
        ...bracketed(before, linwasm, between),
        routed: bracketed(between, routedRps, after),
        control: bracketed(after, control, last),
        loadAverage: os.loadavg()[0],
      };
      overheadRounds.push(round);
      const shown = (r) => `${r.linwasm.toFixed(0)} req/s, ratio ${r.ratio.toFixed(3)}${r.steady ? '' : ' (unsteady)'}`;
      console.log(
        `overhead round ${i + 1} (bare #${p.bare}, servers #${p.linwasm}, control #${p.control}): fastify ` +
          `${[before, between, after, last].map((v) => v.toFixed(0)).join('/')} req/s, linwasm ${shown(round)}, ` +
          `routed ${shown(round.routed)}, control ${shown(round.control)} (load ${round.loadAverage.toFixed(1)})`,
      );
    }
  }
  const overheadRatio = summary(overheadRounds);
  const routedOverheadRatio = summary(overheadRounds.map((r) => r.routed));
  const controlRatio = summary(overheadRounds.map((r) => r.control));

  // Paired rounds: the bare route and linwasm loaded at once, then the bare route and the routed server, then the
  // bare route and the control.
  const pairedRounds = [];
  {
    const req = jsonRequest(batchOf(X, 1), 'FP64');
    const settings = { seconds: args.quick ? 1 : 3, connections: args.connections };
    const at = (s) => ({ url: `${s.url}/v2/models/diabetes/infer`, pid: s.pid });
    const shown = (p) =>
      `ratio ${p.ratio.toFixed(3)}` +
      (p.cpuRatio === null ? '' : `, CPU a request ${p.cpuRatio.toFixed(3)}`) +
      ` (${p.a.requestsPerSecond.toFixed(0)} and ${p.b.requestsPerSecond.toFixed(0)} req/s` +
      (p.serversBusy === null ? ')' : `, ${p.serversBusy.toFixed(2)} cores busy)`);
    for (let i = 0; i < args.pairedRounds; i++) {
      const p = pairing(i, args.instances);
      const bare = at(bares[p.bare]);
      const linwasm = await pairedRound(bare, at(linwasms[p.linwasm]), req, settings);
      const routedPair = await pairedRound(bare, at(routeds[p.routed]), req, settings);
      const control = await pairedRound(bare, at(bares[p.control]), req, settings);
      pairedRounds.push({ instances: p, linwasm, routed: routedPair, control });
      console.log(
        `paired round ${i + 1} (bare #${p.bare}, servers #${p.linwasm}, control #${p.control}): linwasm ${shown(linwasm)}; ` +
          `routed ${shown(routedPair)}; control ${shown(control)}`,
      );
    }
  }
  const pairedSummary = (pick) => {
    const rounds = pairedRounds.map(pick);
    const cpu = rounds.map((p) => p.cpuRatio).filter((r) => r !== null);
    const busy = rounds.map((p) => p.serversBusy).filter((b) => b !== null);
    return {
      requestsRatio: median(rounds.map((p) => p.ratio)),
      cpuRatio: cpu.length > 0 ? median(cpu) : null,
      // Below 1 on a pinned core, the servers were not saturated and the ratio would favour the slower one.
      serversBusy: busy.length > 0 ? median(busy) : null,
      rounds: rounds.length,
    };
  };
  const paired = {
    linwasm: pairedSummary((r) => r.linwasm),
    routed: pairedSummary((r) => r.routed),
    control: pairedSummary((r) => r.control),
  };
  // The cases below use every core (a large request's predict may run on several threads).
  if (split !== null) pin([...serverPids, process.pid], split.all);

  for (const rows of sizes) {
    for (const k of kinds) if (!(rows === 1 && k === kinds[0])) await run('linwasm', url, k, rows);
  }

  const find = (kind, datatype, rows, server = 'linwasm') =>
    cases.find((c) => c.server === server && c.kind === kind && c.datatype === datatype && c.rowsPerRequest === rows);
  const targets = args.quick
    ? []
    : [
        {
          name: 'binary FP64 vs JSON FP64 rows/s at 10 000 rows',
          value: find('binary', 'FP64', 10_000).rowsPerSecond / find('json', 'FP64', 10_000).rowsPerSecond,
          target: 5,
        },
        {
          name: 'binary FP32 vs JSON FP32 rows/s at 10 000 rows',
          value: find('binary', 'FP32', 10_000).rowsPerSecond / find('json', 'FP32', 10_000).rowsPerSecond,
          target: 5,
        },
        { name: 'single-row JSON FP64 requests/s', value: find('json', 'FP64', 1).requestsPerSecond, target: 12_000 },
        {
          name:
            `single-row JSON: linwasm / bare fastify route (median of ${paired.linwasm.rounds} paired rounds, ` +
            `${pinned ? 'servers pinned to one core' : 'unpinned'})`,
          value: paired.linwasm.requestsRatio,
          target: 0.85,
        },
      ].map((t) => ({ ...t, met: t.value >= t.target }));

  const result = {
    node: process.versions.node,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg(),
    settings: { ...args, features: X[0].length, logLevel: 'info (default; no access log)', host: '127.0.0.1' },
    // The overhead rounds' CPU affinity (taskset lists), or null when they ran unpinned.
    pinnedOverheadRounds: pinned ? { servers: split.server, loadGenerators: split.load } : null,
    cases,
    // Alternating rounds, recorded, not judged.
    overheadRounds,
    overheadRatio,
    // linwasm serve --no-fast-inference (createServer's default path), recorded, not judged.
    routedOverheadRatio,
    // A second process of the bare route, measured like linwasm: 1 on a perfect machine; its spread is the noise.
    controlRatio,
    // Both servers loaded at once (paired.mjs): medians of the rounds' ratios; paired.linwasm.requestsRatio is judged.
    pairedRounds,
    paired,
    targets,
  };
  if (!args.quick) {
    mkdirSync(path.join(here, 'results'), { recursive: true });
    writeFileSync(path.join(here, 'results/serve.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('written server/bench/results/serve.json');
  }
  for (const t of targets) {
    console.log(`${t.met ? 'met   ' : 'missed'} ${t.name}: ${t.value.toFixed(2)} (target ≥ ${t.target})`);
  }
  for (const [name, r] of [
    ['linwasm', overheadRatio],
    ['routed (--no-fast-inference)', routedOverheadRatio],
    ['control (another bare route process)', controlRatio],
  ]) {
    console.log(
      `${name}, alternating rounds (not judged): overhead ratio ${r.median.toFixed(2)} on ${r.judgedOn} ` +
        `(${r.steadyRounds} steady); median of all ${args.rounds} rounds ${r.medianOfAllRounds.toFixed(2)}, ` +
        `range ${r.min.toFixed(2)}–${r.max.toFixed(2)}`,
    );
  }
  for (const [name, p] of Object.entries(paired)) {
    console.log(
      `${name}, paired with the bare route (median of ${p.rounds} rounds${name === 'linwasm' ? ', judged' : ''}): requests ratio ` +
        p.requestsRatio.toFixed(2) +
        (p.cpuRatio === null ? '' : `, CPU-a-request ratio (bare / ${name}) ${p.cpuRatio.toFixed(2)}`),
    );
  }
} finally {
  client.close();
  await Promise.all([...linwasms, ...routeds, ...bares].map((s) => stop(s.child)));
  rmSync(models, { recursive: true, force: true });
}
