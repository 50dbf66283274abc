// The Open Inference Protocol (KServe v2) REST routes over real HTTP: health, metadata, readiness,
// inference in FP64 and FP32, the latest-version rule, every error with its status code, metrics.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { init, LinearRegression } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relDiff } from '../../test/helpers.js';
import {
  exactModel,
  exactPrediction,
  loadServerModule,
  putModel,
  removeDir,
  request,
  type Started,
  start,
  tempDir,
} from './helpers.js';

let s: Started;
let limited: Started;
let diabetes: { X: number[][]; doc: unknown };

const X3 = [
  [1, 1, 1],
  [0.5, -2, 4],
  [-3, 0.25, 0],
];

beforeAll(async () => {
  await init();
  const models = tempDir();
  // lin: version 1 predicts 2× version 2, so which version answered is visible in the numbers.
  putModel(models, 'lin', '1', exactModel(2));
  putModel(models, 'lin', '2', exactModel(1));
  const text = readFileSync(new URL('../../data/diabetes.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n');
  const rows = text.slice(1).map((l) => l.split(',').map(Number));
  const X = rows.map((r) => r.slice(0, -1));
  const model = new LinearRegression({ solver: 'batch', maxEpochs: 200 }).fit(
    X,
    rows.map((r) => r[r.length - 1]),
  );
  diabetes = { X, doc: model.toJSON() };
  putModel(models, 'diabetes', '1', diabetes.doc);
  s = await start({}, models);
  const small = tempDir();
  putModel(small, 'lin', '1', exactModel(1));
  limited = await start({ bodyLimit: 2000, maxRows: 2 }, small);
});

afterAll(async () => {
  await s?.close();
  await limited?.close();
  removeDir(s.models);
  removeDir(limited.models);
});

const infer = (body: unknown, path = '/v2/models/lin/infer') => s.request('POST', path, body);
const input = (data: unknown, shape = [3, 3], datatype = 'FP64') => ({
  inputs: [{ name: 'input-0', shape, datatype, data }],
});

describe('health and metadata', () => {
  it('GET /v2/health/live and /v2/health/ready', async () => {
    expect(await s.request('GET', '/v2/health/live')).toMatchObject({ status: 200, body: { live: true } });
    expect(await s.request('GET', '/v2/health/ready')).toMatchObject({ status: 200, body: { ready: true } });
  });

  it('GET /v2: name, version, extensions', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const r = await s.request('GET', '/v2');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      name: 'linwasm',
      version: pkg.version,
      extensions: ['binary_tensor_data', 'statistics', 'model_repository', 'training'],
    });
  });

  it('GET /v2/models/{name}: every version, inputs and outputs with datatype and shape', async () => {
    const r = await s.request('GET', '/v2/models/lin');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      name: 'lin',
      versions: ['1', '2'],
      platform: 'linwasm',
      inputs: [{ name: 'input-0', datatype: 'FP64', shape: [-1, 3] }],
      outputs: [{ name: 'output-0', datatype: 'FP64', shape: [-1] }],
      parameters: { features: 'a,b,c', target: 'y' },
    });
    const v1 = await s.request('GET', '/v2/models/lin/versions/1');
    expect(v1.body.versions).toEqual(['1']);
    expect(v1.body.inputs).toEqual(r.body.inputs);
    const noNames = await s.request('GET', '/v2/models/diabetes');
    expect(noNames.body.inputs[0].shape).toEqual([-1, 10]);
    expect(noNames.body.parameters).toBeUndefined();
  });

  it('GET …/ready for the latest and for a given version', async () => {
    expect((await s.request('GET', '/v2/models/lin/ready')).body).toEqual({ name: 'lin', version: '2', ready: true });
    const v1 = await s.request('GET', '/v2/models/lin/versions/1/ready');
    expect(v1).toMatchObject({ status: 200, body: { name: 'lin', version: '1', ready: true } });
  });

  it('GET /v2/models lists the models and their latest version', async () => {
    const r = await s.request('GET', '/v2/models');
    expect(r.body.models).toEqual([
      { name: 'diabetes', versions: ['1'], latest: '1' },
      { name: 'lin', versions: ['1', '2'], latest: '2' },
    ]);
  });
});

describe('inference', () => {
  it('answers with the latest version by default, a given version on request, in the protocol form', async () => {
    const latest = await infer({ id: 'req-7', ...input(X3) });
    expect(latest.status).toBe(200);
    expect(latest.body.model_name).toBe('lin');
    expect(latest.body.model_version).toBe('2');
    expect(latest.body.id).toBe('req-7');
    expect(latest.body.outputs).toHaveLength(1);
    const out = latest.body.outputs[0];
    expect(out).toMatchObject({ name: 'output-0', shape: [3], datatype: 'FP64' });
    expect(
      relDiff(
        out.data,
        X3.map((x) => exactPrediction(x)),
      ),
    ).toBeLessThan(1e-12);

    const v1 = await infer(input(X3), '/v2/models/lin/versions/1/infer');
    expect(v1.body.model_version).toBe('1');
    expect(v1.body.id).toBeUndefined();
    expect(
      relDiff(
        v1.body.outputs[0].data,
        X3.map((x) => exactPrediction(x, 2)),
      ),
    ).toBeLessThan(1e-12);
  });

  it('returns exactly what LinearRegression.predict returns for the stored model (1000 rows, FP64)', async () => {
    const X = Array.from({ length: 1000 }, (_, i) => diabetes.X[i % diabetes.X.length]);
    const r = await infer(
      { inputs: [{ name: 'input-0', shape: [1000, 10], datatype: 'FP64', data: X.flat() }] },
      '/v2/models/diabetes/infer',
    );
    expect(r.status).toBe(200);
    expect(r.body.outputs[0].data).toEqual(Array.from(LinearRegression.fromJSON(diabetes.doc).predict(X)));
  });

  it('accepts flat and nested data alike, and any input name', async () => {
    const nested = await infer(input(X3));
    const flat = await infer({ inputs: [{ name: 'features', shape: [3, 3], datatype: 'FP64', data: X3.flat() }] });
    expect(flat.body.outputs).toEqual(nested.body.outputs);
  });

  it('FP32 in, FP32 out: computed in float32', async () => {
    const r = await infer(input(X3, [3, 3], 'FP32'));
    expect(r.status).toBe(200);
    const out = r.body.outputs[0];
    expect(out.datatype).toBe('FP32');
    expect(
      relDiff(
        out.data,
        X3.map((x) => exactPrediction(x)),
      ),
    ).toBeLessThan(1e-5);
  });

  it("a body without Content-Type is JSON (Triton's Python and C++ clients send none)", async () => {
    const body = new TextEncoder().encode(JSON.stringify(input(X3)));
    const res = await fetch(`${s.url}/v2/models/lin/infer`, { method: 'POST', body });
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(
      relDiff(
        out.outputs[0].data,
        X3.map((x) => exactPrediction(x)),
      ),
    ).toBeLessThan(1e-12);
  });

  it('refuses text/plain and other types with 415, naming what the route takes', async () => {
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/xml',
      'multipart/form-data; boundary=x',
    ]) {
      const r = await s.request('POST', '/v2/models/lin/infer', JSON.stringify(input(X3)), { 'content-type': type });
      expect(r.status).toBe(415);
      expect(r.body.error).toContain(
        'this route takes application/json, application/octet-stream (binary tensor data)',
      );
    }
    // application/json with a charset is JSON.
    const ok = await s.request('POST', '/v2/models/lin/infer', JSON.stringify(input(X3)), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(ok.status).toBe(200);
  });

  it.each([
    ['INT8', [-128, 0, 127, 5, -6, 7]],
    ['INT16', [-32768, 2, 32767, 4, 5, -6]],
    ['INT32', [-2147483648, 1, 2147483647, 4, -5, 6]],
    ['INT64', [-9007199254740991, 1, 9007199254740991, 4, 5, 6]],
    ['UINT8', [0, 1, 255, 4, 5, 6]],
    ['UINT16', [0, 1, 65535, 4, 5, 6]],
    ['UINT32', [0, 1, 4294967295, 4, 5, 6]],
    ['UINT64', [0, 1, 9007199254740991, 4, 5, 6]],
  ])('%s inputs are converted to float64 and answered as FP64', async (datatype, values) => {
    const r = await infer(input(values, [2, 3], datatype));
    expect(r.status).toBe(200);
    expect(r.body.outputs[0]).toMatchObject({ name: 'output-0', shape: [2], datatype: 'FP64' });
    const expected = [values.slice(0, 3), values.slice(3)].map((x) => exactPrediction(x));
    expect(relDiff(r.body.outputs[0].data, expected)).toBeLessThan(1e-12);
  });

  it('returns the output a client asks for by name', async () => {
    const r = await infer({ ...input(X3), outputs: [{ name: 'output-0' }] });
    expect(r.body.outputs.map((o: { name: string }) => o.name)).toEqual(['output-0']);
  });
});

describe('errors: { "error": … } with the right status code', () => {
  const row = [[1, 2, 3]];
  it.each([
    ['an unknown model', '/v2/models/nope/infer', input(row, [1, 3]), 404, "model 'nope' not found"],
    [
      'an unknown version',
      '/v2/models/lin/versions/9/infer',
      input(row, [1, 3]),
      404,
      'has no version 9 (versions: 1, 2)',
    ],
    [
      'a version that is not a positive integer',
      '/v2/models/lin/versions/latest/infer',
      input(row, [1, 3]),
      400,
      'invalid model version "latest"',
    ],
    ['version 0', '/v2/models/lin/versions/0/infer', input(row, [1, 3]), 400, 'invalid model version "0"'],
    ['a name with a slash', '/v2/models/a%2Fb/infer', input(row, [1, 3]), 400, 'invalid model name "a/b"'],
    [
      'a shape with the wrong number of features',
      '/v2/models/lin/infer',
      input([[1, 2]], [1, 2]),
      400,
      'shape [1, 2] does not match the model: expected [rows, 3]',
    ],
    ['a one-dimensional shape', '/v2/models/lin/infer', input([1, 2, 3], [3]), 400, 'expected [rows, 3]'],
    ['zero rows', '/v2/models/lin/infer', input([], [0, 3]), 400, 'with rows ≥ 1'],
    [
      'data that does not fill the shape',
      '/v2/models/lin/infer',
      input([1, 2, 3, 4], [2, 3]),
      400,
      'data has 4 elements, but shape [2, 3] needs 6',
    ],
    [
      'too much data for the shape',
      '/v2/models/lin/infer',
      input([1, 2, 3, 4], [1, 3]),
      400,
      'data has 4 elements, but shape [1, 3] needs 3',
    ],
    [
      'a string element',
      '/v2/models/lin/infer',
      input(
        [
          [1, 2, 3],
          [4, '5', 6],
        ],
        [2, 3],
      ),
      400,
      'element 4 (row 1, column 1) must be a number, got "5"',
    ],
    [
      'a null element',
      '/v2/models/lin/infer',
      input([1, null, 3], [1, 3]),
      400,
      'element 1 (row 0, column 1) must be a number, got null',
    ],
    [
      'a value that overflows FP32',
      '/v2/models/lin/infer',
      input([1, 1e39, 3], [1, 3], 'FP32'),
      400,
      'element 1 (row 0, column 1) (1e+39) overflows FP32',
    ],
    [
      'an unsupported datatype',
      '/v2/models/lin/infer',
      input([1, 2, 3], [1, 3], 'FP16'),
      400,
      'datatype "FP16" is not supported: half precision is not supported: send FP32 or FP64',
    ],
    [
      'a BOOL tensor',
      '/v2/models/lin/infer',
      input([true, false, true], [1, 3], 'BOOL'),
      400,
      'datatype "BOOL" is not supported',
    ],
    [
      'a BYTES tensor',
      '/v2/models/lin/infer',
      input(['a', 'b', 'c'], [1, 3], 'BYTES'),
      400,
      'datatype "BYTES" is not supported',
    ],
    [
      'an unknown datatype',
      '/v2/models/lin/infer',
      input([1, 2, 3], [1, 3], 'float'),
      400,
      'datatype "float" is not supported',
    ],
    [
      'an integer out of the range of its type',
      '/v2/models/lin/infer',
      input([1, 300, 3], [1, 3], 'INT8'),
      400,
      'element 1 (row 0, column 1) must be an integer from -128 to 127 for INT8, got 300',
    ],
    [
      'a fraction in an integer tensor',
      '/v2/models/lin/infer',
      input([1, 2.5, 3], [1, 3], 'INT32'),
      400,
      'element 1 (row 0, column 1) must be an integer',
    ],
    [
      'a negative value in an unsigned tensor',
      '/v2/models/lin/infer',
      input([1, -2, 3], [1, 3], 'UINT16'),
      400,
      'must be an integer from 0 to 65535 for UINT16, got -2',
    ],
    [
      'a shape of strings',
      '/v2/models/lin/infer',
      input([1, 2, 3], ['1', '3'] as unknown as number[]),
      400,
      'shape must be an array of non-negative integers, got ["1","3"]',
    ],
    [
      'a fractional shape',
      '/v2/models/lin/infer',
      input([1, 2, 3], [1.5, 3]),
      400,
      'shape must be an array of non-negative integers',
    ],
    [
      'a negative shape',
      '/v2/models/lin/infer',
      input([1, 2, 3], [-1, 3]),
      400,
      'shape must be an array of non-negative integers',
    ],
    [
      'ragged nested data',
      '/v2/models/lin/infer',
      input(
        [
          [1, 2, 3],
          [4, 5],
          [6, 7, 8, 9],
        ],
        [3, 3],
      ),
      400,
      'data is ragged: row 1 has 2 elements, but shape [3, 3] needs 3',
    ],
    [
      'nested data with the wrong number of rows',
      '/v2/models/lin/infer',
      input([[1, 2, 3, 4, 5, 6]], [2, 3]),
      400,
      'data is nested with 1 rows, but shape [2, 3] has 2',
    ],
    [
      'a mix of rows and numbers',
      '/v2/models/lin/infer',
      input([[1, 2, 3], 4], [2, 3]),
      400,
      'data[1] is not an array: nest every row, or send flat data',
    ],
    [
      'an array among flat data',
      '/v2/models/lin/infer',
      input([1, [2], 3], [1, 3]),
      400,
      'element 1 (row 0, column 1) must be a number, got an array (nesting deeper than the shape)',
    ],
    [
      'nesting deeper than a [rows, features] tensor',
      '/v2/models/lin/infer',
      input([[[1], [2], [3]]], [1, 3]),
      400,
      'the request body nests JSON deeper than 5 levels (at byte',
    ],
    [
      'a parameter that is not a scalar',
      '/v2/models/lin/infer',
      { ...input(row, [1, 3]), parameters: { tags: ['a'] } },
      400,
      'parameters.tags must be a string, number or boolean, got ["a"]',
    ],
    [
      "an input's parameter that is an object",
      '/v2/models/lin/infer',
      { inputs: [{ ...input(row, [1, 3]).inputs[0], parameters: { x: { y: 1 } } }] },
      400,
      'inputs[0].parameters.x must be a string, number or boolean',
    ],
    [
      'an id that is not a string',
      '/v2/models/lin/infer',
      { ...input(row, [1, 3]), id: 7 },
      400,
      '"id" must be a string, got 7',
    ],
    [
      'classification',
      '/v2/models/lin/infer',
      { ...input(row, [1, 3]), outputs: [{ name: 'output-0', parameters: { class_count: 3 } }] },
      400,
      'the classification extension (class_count) does not apply to a regression model',
    ],
    [
      'two inputs',
      '/v2/models/lin/infer',
      { inputs: [...input(row, [1, 3]).inputs, ...input(row, [1, 3]).inputs] },
      400,
      'expected 1 input tensor',
    ],
    ['no inputs', '/v2/models/lin/infer', { inputs: [] }, 400, '"inputs" must be a non-empty array of input tensors'],
    ['a body that is not an object', '/v2/models/lin/infer', [1, 2], 400, 'the request body must be a JSON object'],
    [
      'a missing field',
      '/v2/models/lin/infer',
      { inputs: [{ name: 'x', shape: [1, 3], data: [1, 2, 3] }] },
      400,
      'inputs[0].datatype must be a string, got nothing',
    ],
    [
      'an unknown output',
      '/v2/models/lin/infer',
      { ...input(row, [1, 3]), outputs: [{ name: 'proba' }] },
      400,
      "unknown output 'proba'",
    ],
    [
      'a prediction that overflows',
      '/v2/models/lin/infer',
      input([1e308, -1e308, 1e308], [1, 3]),
      400,
      'the prediction for row 0 is not finite',
    ],
  ])('%s', async (_what, path, body, status, message) => {
    const r = await s.request('POST', path, body);
    expect(r.status).toBe(status);
    expect(Object.keys(r.body)).toEqual(['error']);
    expect(r.body.error).toContain(message);
  });

  it('path traversal in a name, sent raw (fetch would normalize the dots away)', async () => {
    for (const name of ['%2e%2e', '..%2F..%2Fetc', '.hidden', '-rf']) {
      const r = await rawRequest(s.url, 'GET', `/v2/models/${name}/ready`);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text).error).toMatch(/^invalid model name/);
    }
  });

  it('a non-finite number in the JSON text (1e999), named by its position', async () => {
    const r = await s.request(
      'POST',
      '/v2/models/lin/infer',
      '{"inputs":[{"name":"x","shape":[2,3],"datatype":"FP64","data":[1,2,3,4,1e999,6]}]}',
    );
    expect(r).toMatchObject({
      status: 400,
      body: { error: "input 'x': element 4 (row 1, column 1) is not finite (Infinity)" },
    });
  });

  it('malformed JSON, a wrong content type, an unknown route, metadata of an unknown model', async () => {
    const bad = await s.request('POST', '/v2/models/lin/infer', '{"inputs": [');
    expect(bad.status).toBe(400);
    expect(typeof bad.body.error).toBe('string');
    const text = await s.request('POST', '/v2/models/lin/infer', '<x/>', { 'content-type': 'application/xml' });
    expect(text.status).toBe(415);
    expect(typeof text.body.error).toBe('string');
    expect(await s.request('GET', '/v3/models')).toMatchObject({
      status: 404,
      body: { error: 'no route GET /v3/models' },
    });
    expect(await s.request('GET', '/v2/models/nope')).toMatchObject({
      status: 404,
      body: { error: "model 'nope' not found" },
    });
    expect((await s.request('GET', '/v2/models/nope/ready')).status).toBe(404);
  });

  it('limits: body size and rows per request (413)', async () => {
    const big = await limited.request('POST', '/v2/models/lin/infer', input(Array(300).fill(1.2345678), [100, 3]));
    expect(big.status).toBe(413);
    expect(typeof big.body.error).toBe('string');
    const rows = await limited.request('POST', '/v2/models/lin/infer', input(Array(9).fill(1), [3, 3]));
    expect(rows).toMatchObject({
      status: 413,
      body: { error: "input 'input-0': 3 rows is more than the limit of 2 per request" },
    });
    expect((await limited.request('POST', '/v2/models/lin/infer', input(Array(6).fill(1), [2, 3]))).status).toBe(200);
  });
});

describe('createServer', () => {
  it('listen() without arguments uses the port and host options; await loads the registry first', async () => {
    const { createServer } = await loadServerModule();
    const server = createServer({ models: s.models, port: 0, host: '127.0.0.1', defaultMetrics: false });
    try {
      expect(await server).toBe(server); // thenable: the registry is loaded, nothing listens yet
      const address = await server.listen();
      expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await request(address, 'GET', '/v2/models/lin/ready')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('rejects unknown and out-of-range options at once', async () => {
    const { createServer } = await loadServerModule();
    expect(() => createServer({ modelz: './m' } as never)).toThrow("Unknown server option 'modelz'");
    expect(() => createServer({ maxRows: 0 })).toThrow('Server option maxRows must be an integer ≥ 1, got 0');
    expect(() => createServer({ port: 70000 })).toThrow(RangeError);
    expect(() => createServer({ threads: 0 })).toThrow("Server option threads must be 'auto' or an integer ≥ 1, got 0");
  });
});

describe('metrics', () => {
  it('exports requests, a latency histogram and rows predicted in the Prometheus text format', async () => {
    const before = await s.request('GET', '/metrics');
    const rowsBefore = counter(before.text, 'linwasm_rows_predicted_total{model="lin"}');
    await infer(input(X3));
    await infer(input(X3.slice(0, 2).flat(), [2, 3]));
    const r = await s.request('GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(counter(r.text, 'linwasm_rows_predicted_total{model="lin"}') - rowsBefore).toBe(5);
    expect(
      counter(r.text, 'linwasm_http_requests_total{method="POST",route="/v2/models/:name/infer",status_code="200"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(r.text).toContain(
      'linwasm_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v2/models/:name/infer",' +
        'status_code="200"}',
    );
    expect(r.text).toMatch(
      /linwasm_http_requests_total\{method="POST",route="\/v2\/models\/:name\/infer",status_code="400"\} \d+/,
    );
    expect(counter(r.text, 'linwasm_model_versions_loaded')).toBe(3);
  });

  // The inference routes count their own answers (no onResponse hook): every answer once, success or
  // refusal, with a duration, like the routes counted by the hook.
  it('counts every inference answer once, refusals included, with its duration', async () => {
    const series = (status: number) => `method="POST",route="/v2/models/:name/infer",status_code="${status}"`;
    const read = async () => {
      const text = (await s.request('GET', '/metrics')).text;
      const at = (status: number) => ({
        total: counter(text, `linwasm_http_requests_total{${series(status)}}`),
        count: counter(text, `linwasm_http_request_duration_seconds_count{${series(status)}}`),
        sum: counter(text, `linwasm_http_request_duration_seconds_sum{${series(status)}}`),
      });
      return { ok: at(200), bad: at(400), unsupported: at(415), missing: at(404) };
    };
    const before = await read();
    for (let i = 0; i < 3; i++) expect((await infer(input(X3))).status).toBe(200);
    expect((await infer({ inputs: [] })).status).toBe(400);
    expect((await s.request('POST', '/v2/models/lin/infer', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await infer(input(X3), '/v2/models/nope/infer')).status).toBe(404);
    const after = await read();
    for (const [key, added] of [
      ['ok', 3],
      ['bad', 1],
      ['unsupported', 1],
      ['missing', 1],
    ] as const) {
      expect(after[key].total - before[key].total, key).toBe(added);
      expect(after[key].count - before[key].count, key).toBe(added);
    }
    expect(after.ok.sum).toBeGreaterThan(before.ok.sum);
    expect(after.ok.total).toBe(after.ok.count);
  });
});

describe('logging', () => {
  // fastify is given no logger of its own (it would time every response for completion lines that are
  // off): the server's logger must still reach routes and plugins added to it.
  it('logs through the configured logger from the server, from added routes (request.log) and app.log', async () => {
    const models = tempDir();
    putModel(models, 'lin', '1', exactModel(1));
    const added = await start({}, models, (server) => {
      server.get('/hello', async (request) => {
        request.log.info({ from: 'route', reqId: request.id }, 'hello from a route');
        return { ok: true };
      });
    });
    const { logs, server } = added;
    try {
      server.log.warn({ from: 'app' }, 'hello from app.log');
      const r = await added.request('GET', '/hello');
      expect(r.status).toBe(200);
      expect(logs.find((l) => l.msg === 'hello from a route')).toMatchObject({ level: 30, from: 'route' });
      expect(logs.find((l) => l.msg === 'hello from app.log')).toMatchObject({ level: 40, from: 'app' });
      expect(logs.some((l) => String(l.msg).startsWith('Server listening at'))).toBe(true);
      expect(logs.some((l) => l.msg === 'model registry loaded')).toBe(true);
    } finally {
      await server.close();
      removeDir(models);
    }
  });
});

/** A request with its path sent byte for byte. */
function rawRequest(url: string, method: string, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = httpRequest({ hostname, port, path, method, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

function counter(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
