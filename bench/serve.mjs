// Load benchmark of the model server: `npm run bench:serve`. Starts `linwasm serve` in its own process (so the
// load generator does not share its event loop) on 127.0.0.1 with a model of the bundled diabetes data, checks that
// an answer equals LinearRegression.predict on the same model, then drives Open Inference Protocol inference
// requests with autocannon: 1 row and 1 000 rows per request. Writes bench/results/serve.json and prints a table.
// Options: --seconds=<n> per case (default 10), --connections=<n> (default 8).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { init, LinearRegression } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');

function parseArgs(argv) {
  const args = { seconds: 10, connections: 8 };
  for (const a of argv) {
    const [key, value] = a.replace(/^--/, '').split('=');
    if (!(key in args) || !/^\d+$/.test(value ?? '')) {
      throw new Error(`unknown option ${a} (known: --seconds=<n>, --connections=<n>)`);
    }
    args[key] = Number(value);
  }
  return args;
}

/** The diabetes CSV: header row, last column the target. */
function diabetes() {
  const [header, ...lines] = readFileSync(path.join(root, 'data/diabetes.csv'), 'utf8').trim().split('\n');
  const rows = lines.map((l) => l.split(',').map(Number));
  return { names: header.split(','), X: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]) };
}

/** A port that was free a moment ago (the server is started with it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitReady(url, child) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/v2/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not become ready within 15 s');
}

/** The first `rows` rows of X, cycling, and the inference request that sends them (flat FP64 data). */
function inferRequest(X, rows) {
  const batch = Array.from({ length: rows }, (_, i) => X[i % X.length]);
  const input = { name: 'input-0', shape: [rows, X[0].length], datatype: 'FP64', data: batch.flat() };
  return { batch, body: JSON.stringify({ inputs: [input] }) };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One autocannon run; latencies are recorded per response (autocannon's histogram has 1 ms resolution). */
async function load(url, body, { seconds, connections }) {
  const latencies = [];
  const instance = autocannon({
    url: `${url}/v2/models/diabetes/infer`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode === 200) latencies.push(responseTime);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99) },
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const args = parseArgs(process.argv.slice(2));
const loadAverageAtStart = os.loadavg();
await init();
const { names, X, y } = diabetes();
const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
const models = mkdtempSync(path.join(os.tmpdir(), 'linwasm-bench-serve-'));
mkdirSync(path.join(models, 'diabetes', '1'), { recursive: true });
writeFileSync(
  path.join(models, 'diabetes', '1', 'model.json'),
  JSON.stringify({ ...model.toJSON(), columns: { features: names.slice(0, -1), target: names.at(-1) } }),
);

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
// Request logs off (warn): they cost as much as a 1-row prediction and are a deployment choice.
const child = spawn(
  process.execPath,
  [path.join(root, 'bin/linwasm.mjs'), 'serve', '--models', models, '--port', String(port), '--log-level', 'warn'],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
try {
  await waitReady(url, child);
  const cases = [];
  for (const rows of [1, 1000]) {
    const { batch, body } = inferRequest(X, rows);
    // Agreement first: the server answers what the model's own predict returns.
    const headers = { 'content-type': 'application/json' };
    const answer = await (await fetch(`${url}/v2/models/diabetes/infer`, { method: 'POST', body, headers })).json();
    if (JSON.stringify(answer.outputs[0].data) !== JSON.stringify(Array.from(model.predict(batch)))) {
      throw new Error(`the server's predictions for ${rows} rows differ from LinearRegression.predict`);
    }
    await load(url, body, { seconds: 2, connections: args.connections }); // warm-up: JIT, connection pools
    const r = await load(url, body, args);
    if (r.errors > 0) throw new Error(`${r.errors} failed requests with ${rows} rows per request`);
    cases.push({
      rowsPerRequest: rows,
      bodyBytes: Buffer.byteLength(body),
      ...r,
      rowsPerSecond: r.requestsPerSecond * rows,
    });
  }
  const result = {
    node: process.versions.node,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAverageAtStart,
    settings: { ...args, datatype: 'FP64', features: X[0].length, logLevel: 'warn', host: '127.0.0.1' },
    cases,
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'serve.json'), `${JSON.stringify(result, null, 2)}\n`);

  console.log(
    `linwasm serve, Node ${result.node}, ${result.cpu} (${result.cores} cores); ${args.connections} connections, ${args.seconds} s per case`,
  );
  console.log('rows/request   requests/s     rows/s   p50 ms   p90 ms   p99 ms');
  for (const c of cases) {
    const cells = [
      String(c.rowsPerRequest).padStart(12),
      c.requestsPerSecond.toFixed(0).padStart(12),
      c.rowsPerSecond.toFixed(0).padStart(10),
      ...[c.latencyMs.p50, c.latencyMs.p90, c.latencyMs.p99].map((v) => v.toFixed(2).padStart(8)),
    ];
    console.log(cells.join(' '));
  }
  console.log('written bench/results/serve.json');
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  rmSync(models, { recursive: true, force: true });
}
