// The server beyond CSV and its own JSON: training uploads in Parquet and Arrow IPC (checked once
// spooled, trained as CSV uploads are), and ONNX linear models exported by another tool registered as
// versions (the files of scripts/onnx_sklearn_fixtures.py, made by onnx.helper; their predictions
// computed by numpy).
import { readFileSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { init } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fixtures from '../../test/fixtures/interchange.json' with { type: 'json' };
import { relDiff } from '../../test/helpers.js';
import { exactPrediction, exactRows, finished, removeDir, type Started, start } from './helpers.js';

let s: Started;
const rows = exactRows(200, 1, 9);
const cols = {
  a: Float64Array.from(rows, (r) => r.a),
  b: Float64Array.from(rows, (r) => r.b),
  c: Float64Array.from(rows, (r) => r.c),
  y: Float64Array.from(rows, (r) => r.y),
};

function parquet(columns: Record<string, Float64Array | string[]>): Uint8Array {
  const names = Object.keys(columns);
  const buffer = parquetWriteBuffer({
    columnData: names.map((name) => ({ name, data: columns[name] as never })),
    schema: [
      { name: 'root', num_children: names.length },
      ...names.map((name) => ({
        name,
        type: Array.isArray(columns[name]) ? 'BYTE_ARRAY' : 'DOUBLE',
        repetition_type: 'REQUIRED',
      })),
    ] as never,
    rowGroupSize: 64,
  });
  return new Uint8Array(buffer);
}

function arrowFile(kind: 'file' | 'stream'): Uint8Array {
  return arrow.tableToIPC(arrow.tableFromArrays(cols), kind);
}

async function upload(body: Uint8Array, type: string, query = 'target=y&solver=exact') {
  const res = await fetch(`${s.url}/v2/models/m/train?${query}`, {
    method: 'POST',
    body: body as Uint8Array<ArrayBuffer>,
    headers: { 'content-type': type },
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  await init();
  s = await start({ maxConcurrentJobs: 2 });
});

afterAll(async () => {
  await s?.close();
  removeDir(s.models);
});

describe('training uploads in Parquet and Arrow IPC', () => {
  it.each([
    ['Parquet', () => parquet(cols), 'application/vnd.apache.parquet'],
    ['Parquet (x-parquet)', () => parquet(cols), 'application/x-parquet'],
    ['an Arrow IPC file', () => arrowFile('file'), 'application/vnd.apache.arrow.file'],
    ['an Arrow IPC stream', () => arrowFile('stream'), 'application/vnd.apache.arrow.stream'],
  ])('%s trains the exact model, and streams with a gradient-descent solver', async (_what, make, type) => {
    const exact = await upload(make(), type);
    expect(exact.status).toBe(202);
    expect(exact.body).toMatchObject({ rows: 200, features: ['a', 'b', 'c'], streamed: false });
    const done = await finished(s, exact.body.id);
    expect(done).toMatchObject({ state: 'succeeded', r2: expect.closeTo(1, 12) });
    const out = await s.request('POST', `/v2/models/m/versions/${done.model_version}/infer`, {
      inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP64', data: [1, 2, 3, -1, 0.5, 0.25] }],
    });
    expect(
      relDiff(out.body.outputs[0].data, [exactPrediction([1, 2, 3]), exactPrediction([-1, 0.5, 0.25])]),
    ).toBeLessThan(1e-9);

    const sgd = await upload(make(), type, 'target=y&solver=sgd&maxEpochs=3&chunkRows=50&seed=1');
    expect(sgd.status).toBe(202);
    expect(sgd.body.streamed).toBe(true);
    expect(await finished(s, sgd.body.id)).toMatchObject({ state: 'succeeded', epoch: 3 });
  });

  it('a missing target, a text column and a file that is not Parquet are 400s that name the problem', async () => {
    const noTarget = await upload(parquet({ a: cols.a, b: cols.b }), 'application/vnd.apache.parquet');
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error).toMatch(/'y'/);
    const text = await upload(
      parquet({ a: cols.a, name: Array.from({ length: 200 }, (_, i) => `n${i}`), y: cols.y }),
      'application/vnd.apache.parquet',
    );
    expect(text.status).toBe(400);
    expect(text.body.error).toMatch(/name/);
    expect(text.body.error).not.toContain(s.models);
    const junk = await upload(new TextEncoder().encode('a,b,y\n1,2,3\n'), 'application/vnd.apache.parquet');
    expect(junk.status).toBe(400);
    expect(junk.body.error).not.toContain(s.models);
  });

  it('the upload limit applies, and a refused upload leaves no file behind', async () => {
    const small = await start({ trainCsvLimit: 1000 }, s.models);
    try {
      const res = await fetch(`${small.url}/v2/models/m/train?target=y`, {
        method: 'POST',
        body: parquet(cols) as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': 'application/vnd.apache.parquet' },
      });
      expect(res.status).toBe(413);
      expect((await res.json()).error).toContain('larger than the limit of 1000 bytes');
    } finally {
      await small.close();
    }
  });
});

describe('ONNX models from another tool', () => {
  const X = fixtures.rows as number[][];

  it.each(fixtures.accepted ? Object.keys(fixtures.accepted) : [])(
    '%s is registered and serves its predictions',
    async (form) => {
      const bytes = readFileSync(new URL(`../../test/fixtures/onnx/${form}.onnx`, import.meta.url));
      const res = await fetch(`${s.url}/v2/models/onnx-${form}/versions`, {
        method: 'POST',
        body: new Uint8Array(bytes),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(res.status).toBe(201);
      const { version } = await res.json();
      const ref = (fixtures.accepted as Record<string, { predictions: number[]; featureNames?: string[] | null }>)[
        form
      ];
      const out = await s.request('POST', `/v2/models/onnx-${form}/versions/${version}/infer`, {
        inputs: [{ name: 'x', shape: [X.length, X[0].length], datatype: 'FP64', data: X.flat() }],
      });
      expect(out.status).toBe(200);
      expect(relDiff(out.body.outputs[0].data, ref.predictions)).toBeLessThan(1e-6);
      const meta = (await s.request('GET', `/v2/models/onnx-${form}`)).body;
      expect(meta.inputs[0].shape).toEqual([-1, X[0].length]);
      if (ref.featureNames) expect(meta.parameters.features).toBe(ref.featureNames.join(','));
    },
  );

  it.each(Object.entries(fixtures.refused))('%s is refused with 400 naming what it found (%s)', async (form, found) => {
    const bytes = readFileSync(new URL(`../../test/fixtures/onnx/${form}.onnx`, import.meta.url));
    const res = await fetch(`${s.url}/v2/models/refused/versions`, {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/onnx' },
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatch(/^the body is not an ONNX linear model linwasm can serve: /);
    expect(error).toContain(found);
  });

  it('bytes that are not ONNX are a 400; JSON model documents still upload', async () => {
    const res = await fetch(`${s.url}/v2/models/refused/versions`, {
      method: 'POST',
      body: new Uint8Array([1, 2, 3, 4, 5]),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(400);
    expect((await s.request('GET', '/v2/models/refused')).status).toBe(404);
  });
});
