// CSV training uploads are streamed, not held in memory: the body goes to a temporary file under the
// registry (models/.uploads) while it is checked, the job trains from the file chunk by chunk
// (fitStream) and the file is deleted however the job ends. The model equals fitStream run here on
// the same file; bad uploads are answered with 400/413 before any job, leaving no file; and a ~40 MB
// upload does not grow the server's heap by anything like its size.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { csvChunks, init, LinearRegression, readCsv } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { random } from '../../test/helpers.js';
import { loadModel } from '../src/model-file.js';
import { finished, removeDir, type Started, start, tempDir, waitFor } from './helpers.js';

const dirs: string[] = [];
let s: Started;
let data: string;

beforeAll(async () => {
  await init();
  data = tempDir('linwasm-csv-data-');
  dirs.push(data);
  s = await start({ maxTrainRows: 5000, trainCsvLimit: 500_000 });
  dirs.push(s.models);
});
afterAll(async () => {
  await s?.close();
  for (const d of dirs) removeDir(d);
});

const CSV = { 'content-type': 'text/csv' };
const uploads = (models: string): string[] => {
  const dir = join(models, '.uploads');
  return existsSync(dir) ? readdirSync(dir) : [];
};
const noUploadsLeft = (models: string) => waitFor(async () => (uploads(models).length === 0 ? true : undefined));

/** y = 1.5·a − 2·b + 0.25·c + 3 + noise, with an unused id column first. */
function table(rows: number, seed = 5): string {
  const u = random(seed);
  const lines = ['id,a,b,c,y'];
  for (let i = 0; i < rows; i++) {
    const [a, b, c] = [u() * 10 - 5, u() * 4, u() * 100];
    lines.push(`${i},${a},${b},${c},${1.5 * a - 2 * b + 0.25 * c + 3 + (u() - 0.5) * 0.1}`);
  }
  return `${lines.join('\n')}\n`;
}

function writeTable(name: string, text: string): string {
  const path = join(data, name);
  writeFileSync(path, text);
  return path;
}

/** V8's full garbage collection (global.gc without starting Node with --expose-gc). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function registered(models: string, name: string, version: string) {
  const text = readFileSync(join(models, name, version, 'model.json'), 'utf8');
  return loadModel(JSON.parse(text), 'model.json');
}

describe('a CSV upload trains chunk by chunk from a temporary file', () => {
  it('the model equals fitStream over the same file with the same options and seed; the file is deleted', async () => {
    const path = writeTable('train.csv', table(3000));
    const query = 'target=y&features=a,b,c&solver=minibatch&batchSize=32&maxEpochs=8&seed=7&chunkRows=700';
    const r = await s.request('POST', `/v2/models/streamed/train?${query}`, readFileSync(path, 'utf8'), CSV);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ rows: 3000, features: ['a', 'b', 'c'], streamed: true, max_epochs: 8 });
    const job = await finished(s, r.body.id);
    expect(job).toMatchObject({ state: 'succeeded', model_version: '1', error: null, epoch_rows: null });

    const local = new LinearRegression(job.options);
    const csv = { target: 'y', features: ['a', 'b', 'c'], chunkRows: 700, source: path, dtype: 'float64' as const };
    await local.fitStream(() => csvChunks(path, csv), { epochs: job.options.maxEpochs });
    const served = registered(s.models, 'streamed', '1');
    expect(served.columns).toEqual({ features: ['a', 'b', 'c'], target: 'y' });
    expect(Array.from(served.model.coef)).toEqual(Array.from(local.coef));
    expect(served.model.intercept).toBe(local.intercept);
    const training = local.toJSON().training;
    expect(job.epoch).toBe(training.epochs);
    expect(job.loss).toBe(training.history[training.history.length - 1]);
    expect(job.progressive_loss).toBe(training.progressiveHistory[training.progressiveHistory.length - 1]);
    // R² on every row of the file, computed in one more pass: what score gives on the whole.
    const whole = await readCsv(path, { ...csv, maxRows: 1e6 });
    expect(job.r2).toBeCloseTo(local.score(whole.X, whole.y as Float64Array), 12);
    expect(job.r2).toBeGreaterThan(0.99);
    await noUploadsLeft(s.models);
  });

  it('the exact solver and a validation split read the whole file instead (streamed: false)', async () => {
    const text = table(400, 8);
    for (const options of ['solver=exact', 'solver=sgd&validationFraction=0.2&maxEpochs=5']) {
      const r = await s.request('POST', `/v2/models/whole/train?target=y&features=a,b,c&${options}`, text, CSV);
      expect(r.status).toBe(202);
      expect(r.body.streamed).toBe(false);
      const job = await finished(s, r.body.id);
      expect(job).toMatchObject({ state: 'succeeded', progressive_loss: null });
      expect(job.r2).toBeGreaterThan(0.99);
    }
    await noUploadsLeft(s.models);
  });
});

describe('bad uploads: 400/413 before any job, and no file left', () => {
  it.each([
    ['a non-numeric value after several check chunks', `${table(2500)}1,2,oops,4,5\n`, 400, 'request body:2502:3:'],
    ['a wrong column count', 'a,y\n1,2\n3\n', 400, 'request body:3:2: wrong column count'],
    ['a header only', 'a,y\n', 400, 'request body: no data rows after the header'],
    ['an empty body', '', 400, 'request body: the file is empty'],
    ['an unknown feature', 'a,y\n1,2\n', 400, "request body:1: no feature column 'q'"],
    ['too many rows', `a,y\n${'1,2\n'.repeat(5001)}`, 413, 'too many rows: at most 5000'],
    ['too many bytes', table(8000), 413, 'larger than the limit of 500000 bytes'],
  ])('%s', async (what, text, status, message) => {
    const features = what === 'an unknown feature' ? '&features=a,q' : '';
    const r = await s.request('POST', `/v2/models/bad/train?target=y${features}`, text, CSV);
    expect(r.status).toBe(status);
    expect(r.body.error).toContain(message);
    expect(uploads(s.models)).toEqual([]);
  });

  it('a body sent without a length is counted as it streams: 413 past the limit, nothing kept', async () => {
    // Long lines, so that the byte limit comes before the row limit: 40 rows, 8 kB.
    const chunk = new TextEncoder().encode(`1.${'0'.repeat(200)},2\n`.repeat(40));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('a,y\n'));
      },
      pull(controller) {
        // Up to 80 MB, far past the limit: the server answers and closes the connection long before.
        if (sent++ < 10_000) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${s.url}/v2/models/bad/train?target=y`, {
      method: 'POST',
      headers: CSV,
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect((await res.json()).error).toBe('the uploaded file is larger than the limit of 500000 bytes');
    expect(sent).toBeLessThan(10_000);
    expect(uploads(s.models)).toEqual([]);
  });

  it('a bad option or chunkRows is refused before the body is read', async () => {
    const r = await s.request('POST', '/v2/models/bad/train?target=y&chunkRows=0', 'a,y\n1,2\n', CSV);
    expect(r).toMatchObject({ status: 400, body: { error: "chunkRows must be a positive integer, got '0'" } });
    const q = await s.request('POST', '/v2/models/bad/train?target=y&solver=newton', 'a,y\n1,2\n', CSV);
    expect(q.status).toBe(400);
    expect(q.body.error).toContain('solver');
    expect(uploads(s.models)).toEqual([]);
  });

  it('a body that is neither JSON nor CSV is 415', async () => {
    const r = await s.request('POST', '/v2/models/bad/train?target=y', 'a,y\n1,2\n', { 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
  });
});

describe('the upload lives as long as its job', () => {
  // Thousands of one-row chunks per pass, for as many passes as asked: a job that keeps running.
  const slow = 'target=y&solver=sgd&maxEpochs=1000000&tolerance=null&chunkRows=1&learningRate=0.0001';

  it('cancelling a running or a queued job deletes its file; a full queue refuses an upload before reading it', async () => {
    const busy = await start({ maxConcurrentJobs: 1, maxQueuedJobs: 1 });
    dirs.push(busy.models);
    try {
      const text = table(2000, 9);
      const running = await busy.request('POST', `/v2/models/m/train?${slow}`, text, CSV);
      const queued = await busy.request('POST', `/v2/models/m/train?${slow}`, text, CSV);
      expect([running.status, queued.status]).toEqual([202, 202]);
      expect(queued.body.state).toBe('queued');
      const progress = await waitFor(async () => {
        const j = (await busy.request('GET', `/v2/jobs/${running.body.id}`)).body;
        return j.epoch_rows > 0 ? j : undefined;
      });
      expect(progress).toMatchObject({ state: 'running', streamed: true });
      expect(progress.progressive_loss).toBeGreaterThan(0);
      expect(uploads(busy.models)).toHaveLength(2);
      const full = await busy.request('POST', `/v2/models/m/train?${slow}`, text, CSV);
      expect(full.status).toBe(429);
      expect(full.body.error).toMatch(/^too many training jobs: 1 running and 1 queued/);
      expect(uploads(busy.models)).toHaveLength(2);
      // The registry does not list the upload directory.
      expect((await busy.request('POST', '/v2/repository/index')).body).toEqual([]);

      expect((await busy.request('DELETE', `/v2/jobs/${queued.body.id}`)).body.state).toBe('cancelled');
      await waitFor(async () => (uploads(busy.models).length === 1 ? true : undefined));
      expect((await busy.request('DELETE', `/v2/jobs/${running.body.id}`)).body.state).toBe('cancelled');
      await noUploadsLeft(busy.models);
      expect((await busy.request('GET', '/v2/models/m')).status).toBe(404);
    } finally {
      await busy.close();
    }
  });

  it('a job that fails deletes its file too', async () => {
    const r = await s.request(
      'POST',
      '/v2/models/diverge/train?target=y&solver=sgd&learningRate=100&standardize=false',
      table(300, 4),
      CSV,
    );
    const job = await finished(s, r.body.id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^DivergenceError/);
    await noUploadsLeft(s.models);
  });

  it('close() deletes the files of the jobs it stops and of the queued ones before it resolves', async () => {
    const busy = await start({ maxConcurrentJobs: 1, shutdownTimeout: 200 });
    dirs.push(busy.models);
    const text = table(2000, 10);
    const running = await busy.request('POST', `/v2/models/m/train?${slow}`, text, CSV);
    await busy.request('POST', `/v2/models/m/train?${slow}`, text, CSV);
    await waitFor(async () =>
      (await busy.request('GET', `/v2/jobs/${running.body.id}`)).body.state === 'running' ? true : undefined,
    );
    expect(uploads(busy.models)).toHaveLength(2);
    await busy.close();
    expect(uploads(busy.models)).toEqual([]);
  });

  it('at start, uploads left by a stopped server on this host are deleted; others are kept', async () => {
    const models = tempDir();
    dirs.push(models);
    const dir = join(models, '.uploads');
    mkdirSync(dir, { recursive: true });
    const host = hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    const stale = `${host}-${dead}-00000000-0000-4000-8000-000000000000.csv`;
    const alive = `${host}-${process.pid === 1 ? 2 : 1}-00000000-0000-4000-8000-000000000001.csv`;
    const elsewhere = 'another-host-12-00000000-0000-4000-8000-000000000002.csv';
    for (const f of [stale, alive, elsewhere]) writeFileSync(join(dir, f), 'a,y\n1,2\n');
    const restarted = await start({}, models);
    await restarted.close();
    expect(readdirSync(dir).sort()).toEqual([alive, elsewhere].sort());
  });
});

describe('memory', () => {
  it('a ~34 MB upload does not grow the server heap by anything like its size', async () => {
    const server = await start();
    dirs.push(server.models);
    try {
      await uploadBig(server);
    } finally {
      await server.close();
    }
  }, 120_000);
});

async function uploadBig(server: Started): Promise<void> {
  // The client is another process, so that only the server's memory is measured here. It
  // generates the CSV as it sends it (chunked, no content-length), with backpressure.
  const client = `
      const http = require('node:http');
      const [url, target] = process.argv.slice(1);
      const rows = Number(target);
      let state = 1;
      const u = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const req = http.request(url, { method: 'POST', headers: { 'content-type': 'text/csv' } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => process.stdout.write(JSON.stringify({ status: res.statusCode, bytes, body: text })));
      });
      let bytes = 0;
      let i = 0;
      const header = 'x0,x1,x2,x3,x4,x5,x6,x7,y\\n';
      req.write(header);
      bytes += header.length;
      function pump() {
        while (i < rows) {
          let block = '';
          for (let k = 0; k < 500 && i < rows; k++, i++) {
            const x = Array.from({ length: 8 }, () => u() * 2 - 1);
            const y = x.reduce((s, v, j) => s + v * (j - 3.5), 0.5) + (u() - 0.5) * 0.01;
            block += x.map((v) => v.toFixed(6)).join(',') + ',' + y.toFixed(6) + '\\n';
          }
          bytes += block.length;
          if (!req.write(block)) return req.once('drain', pump);
        }
        req.end();
      }
      pump();
    `;
  const rows = 400_000; // ≈ 86 bytes a row: ≈ 34 MB
  const url = `${server.url}/v2/models/big/train?target=y&solver=minibatch&batchSize=64&maxEpochs=1&standardize=false`;
  // Live memory: a full collection before each sample, so that garbage (the parser's strings, which
  // V8 collects when it likes) does not count, only what the server holds. Large strings and
  // Buffers live outside the JS heap, so external and array-buffer memory is measured too (where
  // a body held in memory shows: fastify's Buffer chunks and the decoded string).
  const gc = collector();
  gc();
  const base = process.memoryUsage();
  let heap = 0;
  let outside = 0;
  const sampler = setInterval(() => {
    gc();
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed - base.heapUsed);
    outside = Math.max(outside, m.external + m.arrayBuffers - base.external - base.arrayBuffers);
  }, 250);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', client, url, String(rows)]);
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  await new Promise((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const result = JSON.parse(out);
  expect(result.status).toBe(202);
  const job = JSON.parse(result.body);
  expect(job).toMatchObject({ rows, streamed: true });
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  console.log(
    `upload ${mb(result.bytes)} in ${seconds} s: live server memory grew at most ${mb(heap)} (JS heap) and ${mb(outside)} ` +
      '(external and array buffers)',
  );
  expect(result.bytes).toBeGreaterThan(30e6);
  expect(heap).toBeLessThan(result.bytes / 3);
  expect(outside).toBeLessThan(result.bytes / 3);
  const done = await finished(server, job.id, 90_000);
  expect(done.state).toBe('succeeded');
  expect(done.r2).toBeGreaterThan(0.99);
  await noUploadsLeft(server.models);
}
