// Hostile and careless clients: one request must not stall the server, crash it or reach its disk,
// and every refusal comes in the server's error form. Each test here failed before the hardening.
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { init } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relDiff } from '../../test/helpers.js';
import {
  exactModel,
  exactPrediction,
  putModel,
  removeDir,
  request,
  type Started,
  serve,
  start,
  tempDir,
} from './helpers.js';

let s: Started;

beforeAll(async () => {
  await init();
  const models = tempDir();
  putModel(models, 'lin', '1', exactModel(1));
  s = await start({}, models);
});

afterAll(async () => {
  await s?.close();
  removeDir(s.models);
});

/** Sends raw bytes on a new connection; resolves with everything the server wrote and when it closed. */
function raw(url: string, bytes: string, timeoutMs = 70_000): Promise<{ text: string; closedAfter: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket: Socket = connect(Number(port), hostname);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (d) => (text += d));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedAfter: performance.now() - t0 });
    });
    socket.write(bytes);
  });
}

/** The JSON body of a raw HTTP answer. */
function bodyOf(text: string): unknown {
  return JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
}

describe('no request stalls the server', () => {
  it('a 16 MB body nested 8 million deep is a 400 while /v2/health/live keeps answering within 300 ms', async () => {
    // The server, the client that sends the body and the prober in three processes: the latencies
    // measure the server's event loop, not the sender's work of building and writing 16 MB.
    const server = await serve(['--models', s.models]);
    try {
      const prefix = '{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP64","data":';
      const send = spawn(
        process.execPath,
        [
          '-e',
          `const depth = 8_000_000;
           const body = Buffer.from(${JSON.stringify(prefix)} + '['.repeat(depth) + ']'.repeat(depth) + '}]}');
           const req = require('node:http').request(process.argv[1], { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
             let text = ''; res.on('data', (d) => (text += d)); res.on('end', () => console.log(JSON.stringify({ status: res.statusCode, bytes: body.length, text })));
           });
           req.on('error', (e) => console.log(JSON.stringify({ error: e.message })));
           req.end(body);`,
          `${server.url}/v2/models/lin/infer`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      send.stdout.on('data', (d) => (out += d));
      const sent = new Promise<void>((resolve) => send.on('exit', () => resolve()));
      let done = false;
      sent.then(() => {
        done = true;
      });
      const latencies: number[] = [];
      while (!done) {
        const t = performance.now();
        const live = await request(server.url, 'GET', '/v2/health/live');
        latencies.push(performance.now() - t);
        expect(live.status).toBe(200);
        await new Promise((r) => setTimeout(r, 10));
      }
      const r = JSON.parse(out.trim());
      expect(r.bytes).toBeGreaterThan(16_000_000);
      expect(r.bytes).toBeLessThan(16 * 1024 * 1024);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text)).toEqual({
        error: expect.stringContaining(
          `the request body nests JSON deeper than 5 levels (at byte ${prefix.length + 2})`,
        ),
      });
      expect(latencies.length).toBeGreaterThan(3);
      expect(Math.max(...latencies)).toBeLessThan(300);
    } finally {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
  });

  it.each([
    ['the infer route', '/v2/models/lin/infer', 10_000],
    ['the training route', '/v2/models/lin/train', 10_000],
    ['a model upload', '/v2/models/lin/versions', 10_000],
    ['an unknown route', '/v2/nothing', 10_000],
  ])('nesting of any depth is a 400 on %s, never a 500', async (_what, path, depth) => {
    const r = await s.request('POST', path, `{"a":${'['.repeat(depth)}1${']'.repeat(depth)}}`);
    expect(r.status).toBe(400);
    expect(Object.keys(r.body)).toEqual(['error']);
    expect(r.body.error).toMatch(/nests JSON deeper than \d+ levels/);
  });

  it('a bracket inside a string does not count as nesting', async () => {
    const r = await s.request(
      'POST',
      '/v2/models/lin/infer',
      JSON.stringify({
        id: `[[[[[[[[{{{{{{"\\`,
        inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP64', data: [[1, 2, 3]] }],
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body.id).toBe('[[[[[[[[{{{{{{"\\');
  });

  it('a __proto__ key is refused, not merged', async () => {
    const r = await s.request(
      'POST',
      '/v2/models/lin/train',
      '{"target":"y","rows":[{"a":1,"y":2}],"__proto__":{"x":1}}',
    );
    expect(r.status).toBe(400);
    expect(r.body.error).toContain('the request body is not valid JSON');
  });
});

describe('names and URLs', () => {
  it('every valid name works end to end, up to 128 characters', async () => {
    const name = `m${'x'.repeat(126)}9`;
    expect(name.length).toBe(128);
    const up = await s.request('POST', `/v2/models/${name}/versions`, exactModel(1));
    expect(up).toMatchObject({ status: 201, body: { name, version: '1' } });
    expect((await s.request('GET', `/v2/models/${name}`)).body.name).toBe(name);
    expect((await s.request('GET', `/v2/models/${name}/versions/1/ready`)).status).toBe(200);
    const out = await s.request('POST', `/v2/models/${name}/versions/1/infer`, {
      inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP64', data: [1, 2, 3] }],
    });
    expect(out.status).toBe(200);
    expect(relDiff(out.body.outputs[0].data, [exactPrediction([1, 2, 3])])).toBeLessThan(1e-12);
    expect((await s.request('GET', `/v2/models/${name}/stats`)).body.model_stats[0]).toMatchObject({
      name,
      inference_count: 1,
    });
    expect((await s.request('DELETE', `/v2/models/${name}/versions/1`)).status).toBe(200);
    const tooLong = await s.request('GET', `/v2/models/${name}x`);
    expect(tooLong).toMatchObject({ status: 400, body: { error: expect.stringContaining('use 1 to 128 letters') } });
  });

  it("router errors answer in the server's form: 414, bad percent-encoding, 404; metrics count them", async () => {
    const unmatched = async (status: number) => {
      const text = (await s.request('GET', '/metrics')).text;
      const line = text
        .split('\n')
        .find((l) =>
          l.startsWith(`linwasm_http_requests_total{method="GET",route="unmatched",status_code="${status}"} `),
        );
      return line === undefined ? 0 : Number(line.split(' ')[1]);
    };
    const before = [await unmatched(414), await unmatched(400), await unmatched(404)];
    const long = await s.request('GET', `/v2/models/${'a'.repeat(300)}`);
    expect(long).toMatchObject({ status: 414, body: { error: 'a path segment is longer than 256 characters' } });
    const bad = await raw(s.url, 'GET /v2/models/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(bad.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(bad.text)).toEqual({ error: 'the URL is not valid: bad percent-encoding' });
    expect(await s.request('GET', '/v2/none')).toMatchObject({ status: 404, body: { error: 'no route GET /v2/none' } });
    const after = [await unmatched(414), await unmatched(400), await unmatched(404)];
    expect(after.map((n, i) => n - before[i])).toEqual([1, 1, 1]);
  });

  it('headers past 16 KiB are a 431 and a malformed request a 400, both in the error form', async () => {
    const big = await raw(s.url, `GET /v2/health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big.text).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(big.text)).toEqual({ error: 'the request headers are larger than the limit of 16 KiB' });
    const junk = await raw(s.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(junk.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(junk.text)).toEqual({ error: expect.stringMatching(/^malformed HTTP request/) });
  });

  it('a body over the limit is a 413 in the error form', async () => {
    const limited = await start({ bodyLimit: 1000 }, s.models);
    try {
      const r = await limited.request('POST', '/v2/models/lin/infer', { inputs: [], pad: 'x'.repeat(2000) });
      expect(r.status).toBe(413);
      expect(Object.keys(r.body)).toEqual(['error']);
    } finally {
      await limited.close();
    }
  });
});

describe('slow clients', () => {
  it('a connection that never finishes its headers is closed with a 408 after headersTimeout', async () => {
    const quick = await start({ headersTimeout: 500, requestTimeout: 1000 }, s.models);
    try {
      const r = await raw(quick.url, 'POST /v2/models/lin/infer HTTP/1.1\r\nHost: x\r\nContent-Le', 10_000);
      expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(bodyOf(r.text)).toEqual({
        error: 'the request was not received in time (headersTimeout / requestTimeout)',
      });
      expect(r.closedAfter).toBeGreaterThan(400);
      expect(r.closedAfter).toBeLessThan(3000);
      // A body that never ends is cut off by requestTimeout.
      const body = await raw(
        quick.url,
        'POST /v2/models/lin/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"in',
        10_000,
      );
      expect(body.closedAfter).toBeLessThan(4000);
    } finally {
      await quick.close();
    }
  });

  it('with the defaults, such a connection is closed within 60 s', async () => {
    expect(s.server.server.headersTimeout).toBe(30_000);
    expect(s.server.server.requestTimeout).toBe(300_000);
    expect(s.server.server.keepAliveTimeout).toBe(72_000);
    const r = await raw(s.url, 'GET /v2/health/live HTTP/1.1\r\nHost: x\r\n', 65_000);
    expect(r.closedAfter).toBeLessThan(60_000);
    expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
  }, 70_000);
});

describe('training jobs are bounded before they start', () => {
  it('a 20 000-column CSV for the exact solver is a 413 naming the estimate', async () => {
    const d = 20_000;
    const header = [...Array.from({ length: d }, (_, j) => `x${j}`), 'y'].join(',');
    const row = Array.from({ length: d + 1 }, (_, j) => (j % 7) / 10).join(',');
    const csv = `${header}\n${row}\n${row}\n`;
    const r = await s.request('POST', '/v2/models/wide/train?target=y&solver=exact', csv, {
      'content-type': 'text/csv',
    });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatch(
      /^this training job needs an estimated 6\.0 GiB of memory \(the exact solver's normal equations for 20000 features 6\.0 GiB, the data [\d.]+ KiB\), more than the limit of 2\.0 GiB \(maxJobMemory, --max-job-memory\)/,
    );
    // The same data with a gradient-descent solver needs memory in proportion to the features only.
    const ok = await s.request('POST', '/v2/models/wide/train?target=y&solver=sgd&maxEpochs=1', csv, {
      'content-type': 'text/csv',
    });
    expect(ok.status).toBe(202);
    expect((await s.request('DELETE', `/v2/jobs/${ok.body.id}`)).status).toBe(200);
  });

  it('a JSON body whose data would take more than maxJobMemory is a 413', async () => {
    const small = await start({ maxJobMemory: 20_000 }, s.models);
    try {
      const rows = Array.from({ length: 500 }, (_, i) => ({ a: i, b: i % 3, c: 1, y: i }));
      const r = await small.request('POST', '/v2/models/m/train', { target: 'y', rows, options: { solver: 'exact' } });
      expect(r.status).toBe(413);
      expect(r.body.error).toMatch(/^this training job needs an estimated [\d.]+ KiB of memory/);
      const fits = await small.request('POST', '/v2/models/m/train', {
        target: 'y',
        rows: rows.slice(0, 50),
        options: { solver: 'exact' },
      });
      expect(fits.status).toBe(202);
    } finally {
      await small.close();
    }
  });
});
