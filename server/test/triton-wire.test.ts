// Triton's binary tensor data extension and the requests of Triton's Python HTTP client, byte for
// byte: test/fixtures/triton_http.json holds request bodies and headers made by the client itself
// (scripts/triton_fixtures.py), sent here exactly as it sends them (no Content-Type), and the
// answers are decoded as the client decodes them (Inference-Header-Content-Length, then each
// output's binary_data_size bytes in order).
import { gzipSync } from 'node:zlib';
import { init, LinearRegression } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relDiff } from '../../test/helpers.js';
import fixtures from './fixtures/triton_http.json' with { type: 'json' };
import { exactModel, exactPrediction, putModel, removeDir, type Started, start, tempDir } from './helpers.js';

let s: Started;
let small: Started;
let doc: unknown;

beforeAll(async () => {
  await init();
  doc = exactModel(1);
  const models = tempDir();
  putModel(models, 'lin', '1', doc);
  s = await start({}, models);
  const limited = tempDir();
  putModel(limited, 'lin', '1', doc);
  small = await start({ bodyLimit: 4096 }, limited);
});

afterAll(async () => {
  await s?.close();
  await small?.close();
  removeDir(s.models);
  removeDir(small.models);
});

interface Decoded {
  status: number;
  contentType: string | null;
  header: {
    model_name: string;
    model_version: string;
    id?: string;
    outputs: {
      name: string;
      datatype: string;
      shape: number[];
      data?: number[];
      parameters?: { binary_data_size?: number };
    }[];
    error?: string;
  };
  /** Output name → values, from JSON data or from binary data. */
  values: Record<string, number[]>;
  binary: Buffer;
}

/** POSTs raw bytes with exactly these headers, and decodes the answer the way tritonclient.http does. */
async function send(body: Uint8Array, headers: Record<string, string>, url = s.url): Promise<Decoded> {
  const res = await fetch(`${url}/v2/models/lin/infer`, {
    method: 'POST',
    body: body as Uint8Array<ArrayBuffer>,
    headers,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const length = res.headers.get('inference-header-content-length');
  const header = JSON.parse(bytes.subarray(0, length === null ? bytes.length : Number(length)).toString('utf8'));
  const binary = length === null ? Buffer.alloc(0) : bytes.subarray(Number(length));
  const values: Record<string, number[]> = {};
  let offset = 0;
  for (const o of header.outputs ?? []) {
    const size = o.parameters?.binary_data_size;
    if (size === undefined) {
      values[o.name] = o.data;
      continue;
    }
    const chunk = binary.subarray(offset, offset + size);
    offset += size;
    const copy = new Uint8Array(chunk).buffer;
    values[o.name] = Array.from(o.datatype === 'FP32' ? new Float32Array(copy) : new Float64Array(copy));
  }
  return { status: res.status, contentType: res.headers.get('content-type'), header, values, binary };
}

describe("requests made by Triton's Python HTTP client", () => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const body = Buffer.from(c.body, 'base64');
    const r = await send(body, c.headers as Record<string, string>);
    expect(r.status).toBe(200);
    const fp32 = name.startsWith('fp32');
    const wantsBinary =
      name.includes('binary out') ||
      name.includes('default outputs') ||
      name.includes('custom') ||
      name.includes('gzip');
    expect(r.contentType).toMatch(wantsBinary ? /^application\/octet-stream/ : /^application\/json/);
    const out = r.header.outputs[0];
    expect(out).toMatchObject({ name: 'output-0', shape: [c.rows], datatype: fp32 ? 'FP32' : 'FP64' });
    if (wantsBinary) expect(out.parameters).toEqual({ binary_data_size: c.rows * (fp32 ? 4 : 8) });
    else expect(out.parameters).toBeUndefined();
    if (name === 'fp64 json in, json out') expect(r.header.id).toBe('req-42');
    const x = fp32 ? c.x.map((row) => row.map(Math.fround)) : c.x;
    expect(
      relDiff(
        r.values['output-0'],
        x.map((row) => exactPrediction(row)),
      ),
    ).toBeLessThan(fp32 ? 1e-5 : 1e-12);
  });

  it('the binary answer is the JSON header, then predict() as little-endian float64, nothing else', async () => {
    const c = fixtures.cases[0];
    const r = await send(Buffer.from(c.body, 'base64'), c.headers as Record<string, string>);
    const expected = LinearRegression.fromJSON(doc).predict(c.x);
    expect(r.binary.equals(Buffer.from(expected.buffer))).toBe(true);
    expect(r.header).toEqual({
      model_name: 'lin',
      model_version: '1',
      outputs: [{ name: 'output-0', shape: [4], datatype: 'FP64', parameters: { binary_data_size: 32 } }],
    });
  });
});

/** A binary request built by hand: the JSON header, then raw tensors. */
function binaryRequest(header: object, ...tensors: Uint8Array[]): { body: Buffer; headers: Record<string, string> } {
  const json = Buffer.from(JSON.stringify(header));
  return {
    body: Buffer.concat([json, ...tensors]),
    headers: { 'inference-header-content-length': String(json.length) },
  };
}

const fp64 = (...v: number[]) => new Uint8Array(new Float64Array(v).buffer);
const tensor = (size: number, datatype = 'FP64', shape = [1, 3]) => ({
  name: 'input-0',
  shape,
  datatype,
  parameters: { binary_data_size: size },
});

describe('binary tensor data: what is refused, and why', () => {
  it.each([
    [
      'a binary_data_size larger than the data',
      binaryRequest({ inputs: [tensor(32)] }, fp64(1, 2, 3)),
      'inputs[0].parameters.binary_data_size is 32, but the body has 24 bytes of binary data left',
    ],
    [
      'bytes left over after the inputs',
      binaryRequest({ inputs: [tensor(24)] }, fp64(1, 2, 3, 4)),
      "the body has 32 bytes of binary data after the JSON header, but the inputs' binary_data_size add up to 24",
    ],
    [
      'a size that does not match the shape',
      binaryRequest({ inputs: [tensor(16, 'FP64', [1, 2])] }, fp64(1, 2)),
      'shape [1, 2] does not match the model',
    ],
    [
      'too few bytes for the shape',
      binaryRequest({ inputs: [tensor(16)] }, fp64(1, 2)),
      "input 'input-0': binary data has 16 bytes, but shape [1, 3] of FP64 needs 24",
    ],
    [
      'a NaN in FP64 data',
      binaryRequest({ inputs: [tensor(24)] }, fp64(1, Number.NaN, 3)),
      "input 'input-0': element 1 (row 0, column 1) is not finite (NaN)",
    ],
    [
      'an infinity in FP32 data',
      binaryRequest(
        { inputs: [tensor(12, 'FP32')] },
        new Uint8Array(new Float32Array([1, 2, Number.POSITIVE_INFINITY]).buffer),
      ),
      "input 'input-0': element 2 (row 0, column 2) is not finite (Infinity)",
    ],
    [
      'FP16 data',
      binaryRequest({ inputs: [tensor(6, 'FP16')] }, new Uint8Array(6)),
      'datatype "FP16" is not supported',
    ],
    [
      'both data and binary_data_size',
      binaryRequest({ inputs: [{ ...tensor(24), data: [1, 2, 3] }] }, fp64(1, 2, 3)),
      'inputs[0] has both data and binary_data_size: send one of them',
    ],
    [
      'binary_data_size that is not an integer',
      binaryRequest({ inputs: [tensor(2.5)] }, fp64(1, 2, 3)),
      'inputs[0].parameters.binary_data_size must be a non-negative integer, got 2.5',
    ],
    [
      'binary_data that is not a boolean',
      binaryRequest(
        { inputs: [tensor(24)], outputs: [{ name: 'output-0', parameters: { binary_data: 'yes' } }] },
        fp64(1, 2, 3),
      ),
      'outputs[0].parameters.binary_data must be true or false, got "yes"',
    ],
  ])('%s → 400', async (_what, req, message) => {
    const r = await send(req.body, req.headers);
    expect(r.status).toBe(400);
    expect(r.header).toEqual({ error: expect.stringContaining(message) });
  });

  it('an Inference-Header-Content-Length that is not the header length → 400', async () => {
    const req = binaryRequest({ inputs: [tensor(24)] }, fp64(1, 2, 3));
    for (const bad of ['abc', '-5', '1', String(req.body.length + 1)]) {
      const r = await send(req.body, { 'inference-header-content-length': bad });
      expect(r.status).toBe(400);
      expect(r.header.error).toContain('Inference-Header-Content-Length must be the byte length of the JSON header');
    }
    // A length that cuts the JSON header short.
    const cut = await send(req.body, { 'inference-header-content-length': '20' });
    expect(cut.status).toBe(400);
    expect(cut.header.error).toContain('the request body is not valid JSON');
  });

  it('application/octet-stream without the header length → 400; binary data on another route is not read', async () => {
    const req = binaryRequest({ inputs: [tensor(24)] }, fp64(1, 2, 3));
    const r = await send(req.body, { 'content-type': 'application/octet-stream' });
    expect(r.status).toBe(400);
    expect(r.header.error).toContain('a binary body needs the Inference-Header-Content-Length header');
    const upload = await fetch(`${s.url}/v2/models/lin/train?target=y`, {
      method: 'POST',
      body: req.body as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(upload.status).toBe(415);
  });

  it('binary and JSON outputs mixed by output: binary_data false wins over binary_data_output', async () => {
    const req = binaryRequest(
      {
        inputs: [tensor(24)],
        outputs: [{ name: 'output-0', parameters: { binary_data: false } }],
        parameters: { binary_data_output: true },
      },
      fp64(1, 2, 3),
    );
    const r = await send(req.body, req.headers);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    expect(relDiff(r.values['output-0'], [exactPrediction([1, 2, 3])])).toBeLessThan(1e-12);
  });

  it('a JSON request may ask for binary output', async () => {
    const body = Buffer.from(
      JSON.stringify({
        inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP64', data: [1, 2, 3] }],
        parameters: { binary_data_output: true },
      }),
    );
    const r = await send(body, { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/octet-stream/);
    expect(r.binary.length).toBe(8);
    expect(relDiff(r.values['output-0'], [exactPrediction([1, 2, 3])])).toBeLessThan(1e-12);
  });
});

describe('Content-Encoding', () => {
  it('gzip and deflate bodies are decoded within the body limit; others are 415; a bomb is 413', async () => {
    const json = JSON.stringify({ inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP64', data: [1, 2, 3] }] });
    const ok = await send(gzipSync(json), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(ok.status).toBe(200);
    const br = await send(Buffer.from(json), { 'content-type': 'application/json', 'content-encoding': 'br' });
    expect(br.status).toBe(415);
    expect(br.header.error).toContain("Content-Encoding 'br' is not supported");
    const garbage = await send(Buffer.from('not gzip at all'), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(garbage.status).toBe(400);
    expect(garbage.header.error).toContain('the request body is not valid gzip data');
    // 1 MB of spaces compresses to about 1 kB: under the 4 kB body limit on the wire, far over it decoded.
    const bomb = gzipSync(Buffer.concat([Buffer.from(json), Buffer.alloc(1 << 20, 0x20)]));
    expect(bomb.length).toBeLessThan(4096);
    const r = await send(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, small.url);
    expect(r.status).toBe(413);
    expect(r.header.error).toContain('the gzip-decoded request body is larger than the limit of 4096 bytes');
  });
});
