// The KServe v2 gRPC service, called with a real gRPC client (@grpc/grpc-js) built from the same
// official proto: health, metadata, inference with typed contents and with raw contents, the error
// codes, the token, limits, and statistics and metrics shared with REST.
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { init, LinearRegression } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relDiff } from '../../test/helpers.js';
import { exactModel, exactPrediction, putModel, removeDir, type Started, start, tempDir } from './helpers.js';

const PROTO = new URL('../proto/grpc_predict_v2.proto', import.meta.url).pathname;
// biome-ignore lint/suspicious/noExplicitAny: responses are checked field by field by the tests
type Reply = any;
type Client = grpc.Client &
  Record<string, (req: object, meta: grpc.Metadata, cb: (e: grpc.ServiceError | null, r: Reply) => void) => void>;

let s: Started;
let guarded: Started;
let client: Client;
let guardedClient: Client;
let doc: unknown;

function connect(port: number): Client {
  const def = loadSync(PROTO, { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
  const pkg = grpc.loadPackageDefinition(def).inference as grpc.GrpcObject;
  const Service = pkg.GRPCInferenceService as grpc.ServiceClientConstructor;
  return new Service(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as Client;
}

/** One unary call; resolves with the response or the ServiceError. */
function call(
  c: Client,
  method: string,
  req: object,
  meta = new grpc.Metadata(),
): Promise<{ error: grpc.ServiceError | null; res: Reply }> {
  return new Promise((resolve) => c[method](req, meta, (error, res) => resolve({ error, res })));
}

const X = [
  [1, 1, 1],
  [0.5, -2, 4],
  [-3, 0.25, 0],
];
const fp64 = (rows: number[][]) => Buffer.from(new Float64Array(rows.flat()).buffer);

beforeAll(async () => {
  await init();
  doc = exactModel(1);
  const models = tempDir();
  putModel(models, 'lin', '1', exactModel(2));
  putModel(models, 'lin', '2', doc);
  s = await start({ grpcPort: 0, maxRows: 100, bodyLimit: 64 * 1024 }, models);
  client = connect(s.server.grpcPort as number);
  const other = tempDir();
  putModel(other, 'lin', '1', doc);
  guarded = await start({ grpcPort: 0, token: 's3cret', protectInference: true }, other);
  guardedClient = connect(guarded.server.grpcPort as number);
});

afterAll(async () => {
  client?.close();
  guardedClient?.close();
  await s?.close();
  await guarded?.close();
  removeDir(s.models);
  removeDir(guarded.models);
});

describe('health and metadata', () => {
  it('ServerLive, ServerReady, ServerMetadata', async () => {
    expect((await call(client, 'ServerLive', {})).res).toEqual({ live: true });
    expect((await call(client, 'ServerReady', {})).res).toEqual({ ready: true });
    const meta = (await call(client, 'ServerMetadata', {})).res;
    expect(meta.name).toBe('linwasm');
    expect(meta.extensions).toContain('binary_tensor_data');
  });

  it('ModelReady: true for a model, false for an unknown one or version', async () => {
    expect((await call(client, 'ModelReady', { name: 'lin' })).res).toEqual({ ready: true });
    expect((await call(client, 'ModelReady', { name: 'lin', version: '1' })).res).toEqual({ ready: true });
    expect((await call(client, 'ModelReady', { name: 'nope' })).res).toEqual({ ready: false });
    expect((await call(client, 'ModelReady', { name: 'lin', version: '9' })).res).toEqual({ ready: false });
  });

  it('ModelMetadata, the same as REST', async () => {
    const { res } = await call(client, 'ModelMetadata', { name: 'lin' });
    const rest = (await s.request('GET', '/v2/models/lin')).body;
    expect(res).toMatchObject({ name: 'lin', versions: ['1', '2'], platform: 'linwasm' });
    expect(res.inputs).toEqual(rest.inputs);
    expect(res.outputs).toEqual(rest.outputs);
    const missing = await call(client, 'ModelMetadata', { name: 'nope' });
    expect(missing.error?.code).toBe(grpc.status.NOT_FOUND);
    expect(missing.error?.details).toBe("model 'nope' not found");
  });
});

describe('ModelInfer', () => {
  const request = (input: object, extra: object = {}) => ({ model_name: 'lin', inputs: [input], ...extra });

  it('typed contents, FP64: the latest version, the id, fp64_contents out', async () => {
    const { error, res } = await call(
      client,
      'ModelInfer',
      request(
        { name: 'input-0', datatype: 'FP64', shape: [3, 3], contents: { fp64_contents: X.flat() } },
        { id: 'g-7' },
      ),
    );
    expect(error).toBeNull();
    expect(res).toMatchObject({ model_name: 'lin', model_version: '2', id: 'g-7' });
    expect(res.raw_output_contents).toEqual([]);
    expect(res.outputs[0]).toMatchObject({ name: 'output-0', datatype: 'FP64', shape: [3] });
    expect(
      relDiff(
        res.outputs[0].contents.fp64_contents,
        X.map((x) => exactPrediction(x)),
      ),
    ).toBeLessThan(1e-12);
  });

  it('a given version; FP32 in fp32_contents, answered in FP32', async () => {
    const { res } = await call(
      client,
      'ModelInfer',
      request(
        { name: 'x', datatype: 'FP32', shape: [3, 3], contents: { fp32_contents: X.flat() } },
        { model_version: '1' },
      ),
    );
    expect(res.model_version).toBe('1');
    expect(res.outputs[0].datatype).toBe('FP32');
    expect(
      relDiff(
        res.outputs[0].contents.fp32_contents,
        X.map((x) => exactPrediction(x, 2)),
      ),
    ).toBeLessThan(1e-5);
  });

  it.each([
    ['INT32', 'int_contents'],
    ['INT64', 'int64_contents'],
    ['UINT8', 'uint_contents'],
    ['UINT64', 'uint64_contents'],
  ])('%s in %s, answered in FP64', async (datatype, field) => {
    const rows = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const { error, res } = await call(
      client,
      'ModelInfer',
      request({ name: 'x', datatype, shape: [2, 3], contents: { [field]: rows.flat() } }),
    );
    expect(error).toBeNull();
    expect(
      relDiff(
        res.outputs[0].contents.fp64_contents,
        rows.map((x) => exactPrediction(x)),
      ),
    ).toBeLessThan(1e-12);
  });

  it('raw_input_contents in, raw_output_contents out: predict() as little-endian bytes', async () => {
    const { res } = await call(client, 'ModelInfer', {
      model_name: 'lin',
      inputs: [{ name: 'input-0', datatype: 'FP64', shape: [3, 3] }],
      raw_input_contents: [fp64(X)],
    });
    expect(res.outputs[0]).toMatchObject({ name: 'output-0', datatype: 'FP64', shape: [3] });
    expect(res.outputs[0].contents).toBeNull();
    const expected = LinearRegression.fromJSON(doc).predict(X);
    expect(Buffer.compare(res.raw_output_contents[0], Buffer.from(expected.buffer))).toBe(0);
    const f32 = await call(client, 'ModelInfer', {
      model_name: 'lin',
      inputs: [{ name: 'input-0', datatype: 'FP32', shape: [3, 3] }],
      raw_input_contents: [Buffer.from(new Float32Array(X.flat()).buffer)],
    });
    const out = new Float32Array(new Uint8Array(f32.res.raw_output_contents[0]).buffer);
    expect(
      relDiff(
        out,
        X.map((x) => exactPrediction(x)),
      ),
    ).toBeLessThan(1e-5);
  });

  it.each([
    ['an unknown model', { model_name: 'nope' }, grpc.status.NOT_FOUND, "model 'nope' not found"],
    ['an unknown version', { model_version: '7' }, grpc.status.NOT_FOUND, 'has no version 7'],
    ['an invalid version', { model_version: 'latest' }, grpc.status.INVALID_ARGUMENT, 'invalid model version'],
    ['an invalid name', { model_name: '../etc' }, grpc.status.INVALID_ARGUMENT, 'invalid model name'],
    [
      'a wrong shape',
      { inputs: [{ name: 'x', datatype: 'FP64', shape: [1, 2], contents: { fp64_contents: [1, 2] } }] },
      grpc.status.INVALID_ARGUMENT,
      'shape [1, 2] does not match the model',
    ],
    [
      'contents of another datatype',
      { inputs: [{ name: 'x', datatype: 'FP64', shape: [1, 3], contents: { fp32_contents: [1, 2, 3] } }] },
      grpc.status.INVALID_ARGUMENT,
      "input 'x': contents has 0 elements, but shape [1, 3] needs 3",
    ],
    [
      'BOOL',
      { inputs: [{ name: 'x', datatype: 'BOOL', shape: [1, 3], contents: { bool_contents: [true, false, true] } }] },
      grpc.status.INVALID_ARGUMENT,
      'datatype "BOOL" is not supported',
    ],
    [
      'raw contents that do not fill the shape',
      { inputs: [{ name: 'x', datatype: 'FP64', shape: [2, 3] }], raw_input_contents: [fp64([[1, 2, 3]])] },
      grpc.status.INVALID_ARGUMENT,
      'binary data has 24 bytes, but shape [2, 3] of FP64 needs 48',
    ],
    [
      'raw contents for some inputs only',
      {
        inputs: [
          { name: 'x', datatype: 'FP64', shape: [1, 3] },
          { name: 'y', datatype: 'FP64', shape: [1, 3] },
        ],
        raw_input_contents: [fp64([[1, 2, 3]])],
      },
      grpc.status.INVALID_ARGUMENT,
      'raw_input_contents has 1 entries, but there are 2 inputs',
    ],
    [
      'a NaN',
      { inputs: [{ name: 'x', datatype: 'FP64', shape: [1, 3], contents: { fp64_contents: [1, Number.NaN, 3] } }] },
      grpc.status.INVALID_ARGUMENT,
      'element 1 (row 0, column 1) is not finite',
    ],
    [
      'more rows than the limit',
      { inputs: [{ name: 'x', datatype: 'FP64', shape: [101, 3], contents: { fp64_contents: Array(303).fill(1) } }] },
      grpc.status.RESOURCE_EXHAUSTED,
      '101 rows is more than the limit of 100 per request',
    ],
    ['an unknown output', { outputs: [{ name: 'proba' }] }, grpc.status.INVALID_ARGUMENT, "unknown output 'proba'"],
  ])('%s', async (_what, change, code, message) => {
    const base = {
      model_name: 'lin',
      inputs: [{ name: 'x', datatype: 'FP64', shape: [1, 3], contents: { fp64_contents: [1, 2, 3] } }],
    };
    const { error } = await call(client, 'ModelInfer', { ...base, ...change });
    expect(error?.code).toBe(code);
    expect(error?.details).toContain(message);
  });

  it('a message larger than the body limit is RESOURCE_EXHAUSTED, and the server goes on', async () => {
    const big = Array(10_000).fill(0.5);
    const { error } = await call(client, 'ModelInfer', {
      model_name: 'lin',
      inputs: [{ name: 'x', datatype: 'FP64', shape: [big.length / 3, 3], contents: { fp64_contents: big } }],
    });
    expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect((await call(client, 'ServerLive', {})).res).toEqual({ live: true });
  });
});

describe('shared with REST: token, statistics, metrics', () => {
  it('with protectInference, every call but health needs the bearer token', async () => {
    const req = {
      model_name: 'lin',
      inputs: [{ name: 'x', datatype: 'FP64', shape: [1, 3], contents: { fp64_contents: [1, 2, 3] } }],
    };
    expect((await call(guardedClient, 'ServerLive', {})).res).toEqual({ live: true });
    expect((await call(guardedClient, 'ServerReady', {})).res).toEqual({ ready: true });
    const none = await call(guardedClient, 'ModelInfer', req);
    expect(none.error?.code).toBe(grpc.status.UNAUTHENTICATED);
    const wrong = new grpc.Metadata();
    wrong.set('authorization', 'Bearer nope');
    expect((await call(guardedClient, 'ModelMetadata', { name: 'lin' }, wrong)).error?.code).toBe(
      grpc.status.UNAUTHENTICATED,
    );
    const right = new grpc.Metadata();
    right.set('authorization', 'Bearer s3cret');
    const ok = await call(guardedClient, 'ModelInfer', req, right);
    expect(ok.error).toBeNull();
    // REST agrees.
    expect((await guarded.request('GET', '/v2/models/lin')).status).toBe(401);
    expect((await guarded.request('GET', '/v2/models/lin', undefined, { authorization: 'Bearer s3cret' })).status).toBe(
      200,
    );
    expect((await guarded.request('GET', '/v2/health/ready')).status).toBe(200);
  });

  it('gRPC inferences count in the statistics and in /metrics', async () => {
    const before = (await s.request('GET', '/v2/models/lin/versions/2/stats')).body.model_stats[0];
    await call(client, 'ModelInfer', {
      model_name: 'lin',
      inputs: [{ name: 'x', datatype: 'FP64', shape: [3, 3], contents: { fp64_contents: X.flat() } }],
    });
    await call(client, 'ModelInfer', {
      model_name: 'lin',
      inputs: [{ name: 'x', datatype: 'FP64', shape: [1, 2], contents: { fp64_contents: [1, 2] } }],
    });
    const after = (await s.request('GET', '/v2/models/lin/versions/2/stats')).body.model_stats[0];
    expect(after.inference_count - before.inference_count).toBe(3);
    expect(after.execution_count - before.execution_count).toBe(1);
    expect(after.inference_stats.success.count - before.inference_stats.success.count).toBe(1);
    expect(after.inference_stats.fail.count - before.inference_stats.fail.count).toBe(1);
    const metrics = (await s.request('GET', '/metrics')).text;
    expect(metrics).toMatch(/linwasm_grpc_requests_total\{method="ModelInfer",code="OK"\} \d+/);
    expect(metrics).toMatch(/linwasm_grpc_requests_total\{method="ModelInfer",code="INVALID_ARGUMENT"\} \d+/);
  });
});
