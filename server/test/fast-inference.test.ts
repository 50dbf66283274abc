// The fast inference path (fastInference: plain JSON inference answered before fastify routes it)
// against the fastify route as the reference: two servers on one registry, the same raw requests —
// answers, refusals and requests the fast path must leave to fastify — and every answer's status,
// headers (in order, but for Date) and body bytes must be equal; so must the
// HTTP metrics, the inference statistics and the access log they leave.
import { Agent, request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { init } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactModel, exactPrediction, putModel, removeDir, type Started, start, tempDir } from './helpers.js';

interface Raw {
  status: number;
  headers: string[];
  body: Buffer;
}

/** One request as given, path unnormalized, no header added but Host, Connection and Content-Length. */
function raw(url: string, method: string, path: string, body: string | Buffer | null, headers: Record<string, string>) {
  return new Promise<Raw>((resolve, reject) => {
    // A keep-alive request: whether the server keeps the connection or closes it is part of its answer.
    const agent = new Agent({ keepAlive: true });
    const req = httpRequest(`${url}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i].toLowerCase();
          if (name !== 'date') headers.push(`${name}: ${res.rawHeaders[i + 1]}`);
        }
        agent.destroy();
        resolve({ status: res.statusCode as number, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    if (body !== null) req.setHeader('content-length', Buffer.byteLength(body));
    req.end(body ?? undefined);
  });
}

const X = [
  [1, 2, 3],
  [-0.5, 4, 0.25],
];
const tensor = (data: unknown, shape: unknown = [2, 3], datatype = 'FP64') => ({
  inputs: [{ name: 'input-0', shape, datatype, data }],
});
const json = (v: unknown) => JSON.stringify(v);
const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * Who answers: the fast path; fastify, through its hooks; or fastify's router before any hook (a path
 * segment longer than maxParamLength).
 */
type By = 'fast' | 'fastify' | 'router';
/** [what, method, path, body, headers, who answers] */
type Case = [string, string, string, string | Buffer | null, Record<string, string>, By];

const binaryBody = (() => {
  const header = Buffer.from(
    json({ inputs: [{ name: 'input-0', shape: [2, 3], datatype: 'FP64', parameters: { binary_data_size: 48 } }] }),
  );
  return { body: Buffer.concat([header, Buffer.from(Float64Array.from(X.flat()).buffer)]), length: header.length };
})();

const CASES: Case[] = [
  ['no Content-Type (Triton clients)', 'POST', '/v2/models/lin/infer', json(tensor(X)), {}, 'fast'],
  [
    'JSON with charset, an id, a version',
    'POST',
    '/v2/models/lin/versions/1/infer',
    json({ id: 'a"b', ...tensor(X.flat()) }),
    { 'content-type': 'application/json; charset=utf-8' },
    'fast',
  ],
  ['FP32', 'POST', '/v2/models/lin/infer', json(tensor(X, [2, 3], 'FP32')), JSON_TYPE, 'fast'],
  [
    'an output asked for as binary data',
    'POST',
    '/v2/models/lin/infer',
    json({ ...tensor(X), outputs: [{ name: 'output-0', parameters: { binary_data: true } }] }),
    JSON_TYPE,
    'fast',
  ],
  ['an INT32 input', 'POST', '/v2/models/lin/infer', json(tensor([1, 2, 3], [1, 3], 'INT32')), JSON_TYPE, 'fast'],
  ['an unknown output', 'POST', '/v2/models/lin/infer', json({ ...tensor(X), outputs: [{ name: 'y' }] }), {}, 'fast'],
  ['an unknown model', 'POST', '/v2/models/nope/infer', json(tensor(X)), JSON_TYPE, 'fast'],
  ['an unknown version', 'POST', '/v2/models/lin/versions/7/infer', json(tensor(X)), JSON_TYPE, 'fast'],
  ['a version that is not one', 'POST', '/v2/models/lin/versions/01/infer', json(tensor(X)), JSON_TYPE, 'fast'],
  ['a name with a leading dot', 'POST', '/v2/models/.lin/infer', json(tensor(X)), JSON_TYPE, 'fast'],
  ['a name of 129 characters', 'POST', `/v2/models/${'a'.repeat(129)}/infer`, json(tensor(X)), {}, 'fast'],
  ['malformed JSON', 'POST', '/v2/models/lin/infer', '{"inputs": [', JSON_TYPE, 'fast'],
  ['JSON with __proto__', 'POST', '/v2/models/lin/infer', '{"__proto__": {"x": 1}, "inputs": []}', {}, 'fast'],
  ['nesting too deep', 'POST', '/v2/models/lin/infer', `{"inputs": [{"data": [[[[1]]]]}]}`, JSON_TYPE, 'fast'],
  [
    'ragged data',
    'POST',
    '/v2/models/lin/infer',
    json(
      tensor([
        [1, 2, 3],
        [4, 5],
      ]),
    ),
    JSON_TYPE,
    'fast',
  ],
  ['a shape of strings', 'POST', '/v2/models/lin/infer', json(tensor(X, ['2', 3])), JSON_TYPE, 'fast'],
  ['too many rows', 'POST', '/v2/models/lin/infer', json(tensor(Array(18).fill(1), [6, 3])), JSON_TYPE, 'fast'],
  ['a non-finite prediction', 'POST', '/v2/models/lin/infer', json(tensor([1e308, -1e308, 1e308], [1, 3])), {}, 'fast'],
  ['a body over the limit', 'POST', '/v2/models/lin/infer', json(tensor(Array(600).fill(1), [200, 3])), {}, 'fast'],
  // Left to fastify:
  ['text/plain', 'POST', '/v2/models/lin/infer', json(tensor(X)), { 'content-type': 'text/plain' }, 'fastify'],
  [
    'binary tensor data',
    'POST',
    '/v2/models/lin/infer',
    binaryBody.body,
    { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(binaryBody.length) },
    'fastify',
  ],
  [
    'a gzip body',
    'POST',
    '/v2/models/lin/infer',
    gzipSync(json(tensor(X))),
    { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    'fastify',
  ],
  ['a query string', 'POST', '/v2/models/lin/infer?x=1', json(tensor(X)), JSON_TYPE, 'fastify'],
  ['a percent-encoded name', 'POST', '/v2/models/l%69n/infer', json(tensor(X)), JSON_TYPE, 'fastify'],
  ['a path segment over 256 characters', 'POST', `/v2/models/${'a'.repeat(300)}/infer`, json(tensor(X)), {}, 'router'],
  ['an empty body', 'POST', '/v2/models/lin/infer', '', JSON_TYPE, 'fastify'],
  ['a trailing slash', 'POST', '/v2/models/lin/infer/', json(tensor(X)), JSON_TYPE, 'fastify'],
  ['GET of the infer route', 'GET', '/v2/models/lin/infer', null, {}, 'fastify'],
  ['metadata', 'GET', '/v2/models/lin', null, {}, 'fastify'],
];

const LIMITS = { maxRows: 5, bodyLimit: 2048, accessLog: true };

let models: string;
let fastified: Started;
let fast: Started;
/** URLs whose requests reached fastify's onRequest hooks on the fast server. */
const routed: string[] = [];
beforeAll(async () => {
  await init();
  models = tempDir();
  putModel(models, 'lin', '1', exactModel(1));
  fastified = await start({ ...LIMITS, fastInference: false }, models);
  // The fast server with a hook an embedding application adds: it sees every request but those the
  // fast path answers (what the option's documentation says).
  fast = await start({ ...LIMITS, fastInference: true }, models, (server) => {
    server.addHook('onRequest', async (request) => {
      routed.push(request.url);
    });
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([fastified?.close(), fast?.close()]);
  removeDir(models);
});

describe('fast inference path', () => {
  it('answers every request byte for byte as the fastify route does', async () => {
    for (const [what, method, path, body, headers] of CASES) {
      const expected = await raw(fastified.url, method, path, body, headers);
      const got = await raw(fast.url, method, path, body, headers);
      expect({ status: got.status, headers: got.headers }, what).toEqual({
        status: expected.status,
        headers: expected.headers,
      });
      expect(got.body.toString('latin1'), what).toBe(expected.body.toString('latin1'));
    }
  });

  it('takes plain JSON inference only: everything else reaches fastify, hooks included', async () => {
    for (const [what, method, path, body, headers, by] of CASES) {
      routed.length = 0;
      await raw(fast.url, method, path, body, headers);
      expect(routed.length, what).toBe(by === 'fastify' ? 1 : 0);
    }
  });

  it("predicts the model's closed form", async () => {
    const r = await raw(fast.url, 'POST', '/v2/models/lin/infer', json(tensor(X)), {});
    expect(r.status).toBe(200);
    const data: number[] = JSON.parse(r.body.toString()).outputs[0].data;
    expect(data).toHaveLength(X.length);
    for (let i = 0; i < X.length; i++) expect(data[i]).toBeCloseTo(exactPrediction(X[i]), 9);
  });

  it('leaves the same metrics, statistics and access log', async () => {
    const metrics = async (s: Started) =>
      (await raw(s.url, 'GET', '/metrics', null, {})).body
        .toString()
        .split('\n')
        .filter((l) =>
          /^linwasm_(http_requests_total|http_request_duration_seconds_count|rows_predicted_total)/.test(l),
        )
        .filter((l) => !l.includes('route="/metrics"'))
        .sort();
    const stats = async (s: Started) => {
      const body = JSON.parse((await raw(s.url, 'GET', '/v2/models/lin/stats', null, {})).body.toString());
      type Stat = {
        inference_count: number;
        execution_count: number;
        inference_stats: { success: { count: number }; fail: { count: number } };
      };
      return body.model_stats.map((m: Stat) => ({
        inference_count: m.inference_count,
        execution_count: m.execution_count,
        success: m.inference_stats.success.count,
        fail: m.inference_stats.fail.count,
      }));
    };
    const accessLog = (s: Started) =>
      s.logs
        .filter((l) => l.msg === 'request' && !String(l.url).includes('/metrics') && !String(l.url).endsWith('/stats'))
        .map((l) => `${l.method} ${l.url} ${l.status}`);
    // Counts since a first look, over the same requests sent to both.
    const look = async (s: Started) => ({ metrics: await metrics(s), stats: await stats(s), log: accessLog(s) });
    const before = { fast: await look(fast), fastified: await look(fastified) };
    for (const [, method, path, body, headers] of CASES) {
      await raw(fastified.url, method, path, body, headers);
      await raw(fast.url, method, path, body, headers);
    }
    const after = { fast: await look(fast), fastified: await look(fastified) };
    const added = (a: string[], b: string[]) => {
      const count = (lines: string[]) =>
        new Map(lines.map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]));
      const from = count(a);
      return [...count(b)]
        .map(([series, n]) => `${series} +${n - (from.get(series) ?? 0)}`)
        .filter((l) => !l.endsWith(' +0'));
    };
    const fastAdded = added(before.fast.metrics, after.fast.metrics);
    expect(fastAdded).toEqual(added(before.fastified.metrics, after.fastified.metrics));
    expect(fastAdded.length).toBeGreaterThan(8);
    const statsAdded = (b: typeof before.fast, a: typeof before.fast) =>
      a.stats.map((s: Record<string, number>, i: number) =>
        Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v - b.stats[i][k]])),
      );
    expect(statsAdded(before.fast, after.fast)).toEqual(statsAdded(before.fastified, after.fastified));
    // The access log's new lines: one per request, those the router refuses included.
    const newLines = (b: typeof before.fast, a: typeof before.fast) => a.log.slice(b.log.length).sort();
    const fastLines = newLines(before.fast, after.fast);
    expect(fastLines.length).toBe(CASES.length);
    expect(fastLines).toEqual(newLines(before.fastified, after.fastified));
    const ids = fast.logs.filter((l) => l.msg === 'request').map((l) => l.reqId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^req-[0-9a-z]+$/);
  });
});
