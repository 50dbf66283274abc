// Training as a service over real HTTP: JSON and CSV bodies, jobs and their states, a finished job
// registering a new version, inference answering while a worker trains, limits (429, 413), every
// input error, cancellation and the bearer token.

import { init } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relDiff } from '../../test/helpers.js';
import {
  exactModel,
  exactPrediction,
  exactRows,
  finished,
  putModel,
  removeDir,
  type Started,
  slowTrainingBody,
  start,
  tempDir,
  waitFor,
} from './helpers.js';

let s: Started;
const X3 = [
  [1, 1, 1],
  [0.5, -2, 4],
];
const infer = (server: Started, name: string, X: number[][], version?: string) =>
  server.request('POST', `/v2/models/${name}${version ? `/versions/${version}` : ''}/infer`, {
    inputs: [{ name: 'input-0', shape: [X.length, X[0].length], datatype: 'FP64', data: X }],
  });

beforeAll(async () => {
  await init();
  s = await start({ maxTrainRows: 5000 });
});
afterAll(async () => {
  await s?.close();
  removeDir(s.models);
});

describe('training jobs', () => {
  it('JSON rows → 202 and a job → succeeded → a new version that infers the exact solution', async () => {
    const r = await s.request('POST', '/v2/models/exact/train', {
      target: 'y',
      rows: exactRows(60),
      options: { solver: 'exact' },
    });
    expect(r.status).toBe(202);
    expect(r.headers.get('location')).toBe(`/v2/jobs/${r.body.id}`);
    expect(r.body).toMatchObject({ model_name: 'exact', rows: 60, features: ['a', 'b', 'c'], error: null });
    expect(['queued', 'running']).toContain(r.body.state);
    const job = await finished(s, r.body.id);
    expect(job).toMatchObject({ state: 'succeeded', model_version: '1', error: null });
    expect(job.r2).toBeCloseTo(1, 12);
    expect(job.finished_at >= job.started_at && job.started_at >= job.created_at).toBe(true);

    const out = await infer(s, 'exact', X3);
    expect(out.body.model_version).toBe('1');
    expect(
      relDiff(
        out.body.outputs[0].data,
        X3.map((x) => exactPrediction(x)),
      ),
    ).toBeLessThan(1e-10);
    const meta = await s.request('GET', '/v2/models/exact');
    expect(meta.body.parameters).toEqual({ features: 'a,b,c', target: 'y' });
  });

  it('reports epoch and loss while running and at the end; a second job registers version 2', async () => {
    const r = await s.request('POST', '/v2/models/exact/train', {
      target: 'y',
      rows: exactRows(60, 2),
      options: { solver: 'batch', maxEpochs: 300, tolerance: null, seed: 5 },
    });
    const job = await finished(s, r.body.id);
    expect(job).toMatchObject({ state: 'succeeded', model_version: '2', epoch: 300, max_epochs: 300 });
    expect(job.options).toMatchObject({ solver: 'batch', maxEpochs: 300, tolerance: null, seed: 5 });
    expect(job.loss).toBeGreaterThanOrEqual(0);
    expect(job.loss).toBeLessThan(1e-6);
    expect((await infer(s, 'exact', X3)).body.model_version).toBe('2');
    expect((await infer(s, 'exact', X3, '1')).body.model_version).toBe('1');
  });

  it('rows as arrays with their column names, and a subset of features', async () => {
    const rows = exactRows(30).map((r) => [r.a, 99, r.b, r.c, r.y]);
    const r = await s.request('POST', '/v2/models/arrays/train', {
      target: 'y',
      columns: ['a', 'noise', 'b', 'c', 'y'],
      features: ['a', 'b', 'c'],
      rows,
      options: { solver: 'exact' },
    });
    expect(r.status).toBe(202);
    expect((await finished(s, r.body.id)).state).toBe('succeeded');
    expect(
      relDiff(
        (await infer(s, 'arrays', X3)).body.outputs[0].data,
        X3.map((x) => exactPrediction(x)),
      ),
    ).toBeLessThan(1e-10);
  });

  it('a CSV body, with target and options in the query string', async () => {
    const csv = `id,a,b,c,y\n${exactRows(40)
      .map((r, i) => `"row ${i}",${r.a},${r.b},${r.c},${r.y}`)
      .join('\n')}\n`;
    const r = await s.request('POST', '/v2/models/csv/train?target=y&features=a,b,c&solver=exact&l2=0', csv, {
      'content-type': 'text/csv',
    });
    expect(r.status).toBe(202);
    expect(r.body.features).toEqual(['a', 'b', 'c']);
    expect((await finished(s, r.body.id)).state).toBe('succeeded');
    expect(
      relDiff(
        (await infer(s, 'csv', X3)).body.outputs[0].data,
        X3.map((x) => exactPrediction(x)),
      ),
    ).toBeLessThan(1e-10);
    const semicolon = await s.request(
      'POST',
      '/v2/models/csv/train?target=y&delimiter=;&solver=minibatch&batchSize=4&maxEpochs=3&fitIntercept=false',
      'a;y\n1;2\n2;4\n3;6\n4;8\n',
      { 'content-type': 'text/csv' },
    );
    expect(semicolon.status).toBe(202);
    expect(semicolon.body.options).toMatchObject({
      solver: 'minibatch',
      batchSize: 4,
      maxEpochs: 3,
      fitIntercept: false,
    });
    expect((await finished(s, semicolon.body.id)).state).toBe('succeeded');
  });

  it('a job that diverges fails with the error and registers nothing', async () => {
    const r = await s.request('POST', '/v2/models/diverge/train', {
      target: 'y',
      rows: exactRows(30).map((row) => ({ ...row, a: row.a * 1e3 })),
      options: { solver: 'batch', learningRate: 10, standardize: false },
    });
    const job = await finished(s, r.body.id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^DivergenceError: Training diverged at epoch \d+/);
    expect(job.model_version).toBeNull();
    expect((await s.request('GET', '/v2/models/diverge')).status).toBe(404);
  });

  it('an unknown job id is 404', async () => {
    expect(await s.request('GET', '/v2/jobs/00000000-0000-4000-8000-000000000000')).toMatchObject({
      status: 404,
      body: { error: "training job '00000000-0000-4000-8000-000000000000' not found" },
    });
    expect((await s.request('GET', '/v2/jobs/..%2F..')).status).toBe(404);
  });
});

describe('training input errors (400/413), before any job starts', () => {
  const rows = exactRows(5);
  it.each([
    ['no target', { rows }, 400, "body must have required property 'target'"],
    ['an unknown body field', { target: 'y', rows, epochs: 3 }, 400, 'body must NOT have additional properties'],
    [
      'a target that is not a column',
      { target: 'z', rows },
      400,
      "no target column 'z': the columns are 'a', 'b', 'c', 'y'",
    ],
    ['a feature that is not a column', { target: 'y', features: ['a', 'q'], rows }, 400, "no feature column 'q'"],
    [
      'a string value',
      { target: 'y', rows: [rows[0], { ...rows[1], b: '2' }] },
      400,
      'row 1, column \'b\': the value must be a number, got "2"',
    ],
    [
      'a missing value',
      { target: 'y', rows: [rows[0], { a: 1, b: 2, y: 3 }] },
      400,
      "row 1, column 'c': the value is missing",
    ],
    ['a row that is not an object', { target: 'y', rows: [rows[0], 5] }, 400, 'rows[1] must be an object'],
    ['array rows without columns', { target: 'y', rows: [[1, 2]] }, 400, 'give their column names in "columns"'],
    [
      'an array row of the wrong length',
      { target: 'y', columns: ['a', 'y'], rows: [[1, 2], [3]] },
      400,
      'rows[1] has 1 values, but there are 2 columns',
    ],
    [
      'a misspelled option',
      { target: 'y', rows, options: { learningrate: 0.1 } },
      400,
      "Unknown LinearRegression option 'learningrate' (did you mean 'learningRate'?)",
    ],
    [
      'an option out of range',
      { target: 'y', rows, options: { maxEpochs: 0 } },
      400,
      'Option maxEpochs must be a positive integer',
    ],
    [
      'a batch larger than the data',
      { target: 'y', rows, options: { solver: 'minibatch', batchSize: 6 } },
      400,
      'Option batchSize (6) is larger than the number of rows (5)',
    ],
    ['too many rows', { target: 'y', rows: exactRows(5001) }, 413, '5001 rows is more than the limit of 5000'],
  ])('%s', async (_what, body, status, message) => {
    const r = await s.request('POST', '/v2/models/bad/train', body);
    expect(r.status).toBe(status);
    expect(r.body.error).toContain(message);
  });

  it('a non-finite number in JSON (1e999), named by row and column', async () => {
    const r = await s.request(
      'POST',
      '/v2/models/bad/train',
      '{"target":"y","rows":[{"a":1,"y":2},{"a":1e999,"y":3}]}',
    );
    expect(r).toMatchObject({ status: 400, body: { error: "row 1, column 'a': the value is not finite (Infinity)" } });
  });

  it.each([
    [
      'a non-numeric value',
      '?target=y',
      'a,y\n1,2\nx,3\n',
      400,
      'request body:3:1: non-numeric value "x" in column \'a\'',
    ],
    ['a wrong column count', '?target=y', 'a,y\n1,2\n3\n', 400, 'request body:3:2: wrong column count'],
    ['a missing target column', '?target=z', 'a,y\n1,2\n', 400, "request body:1: no target column 'z'"],
    ['no target', '', 'a,y\n1,2\n', 400, 'add ?target=<column> to the URL'],
    ['a misspelled option', '?target=y&maxepochs=3', 'a,y\n1,2\n', 400, "(did you mean 'maxEpochs'?)"],
    [
      'a repeated parameter',
      '?target=y&target=a',
      'a,y\n1,2\n',
      400,
      "query parameter 'target' is given more than once",
    ],
    ['too many rows', '?target=y', `a,y\n${'1,2\n'.repeat(5001)}`, 413, 'too many rows: at most 5000'],
  ])('CSV: %s', async (_what, query, csv, status, message) => {
    const r = await s.request('POST', `/v2/models/bad/train${query}`, csv, { 'content-type': 'text/csv' });
    expect(r.status).toBe(status);
    expect(r.body.error).toContain(message);
  });

  it('an invalid model name', async () => {
    const r = await s.request('POST', '/v2/models/bad%20name/train', { target: 'y', rows });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^invalid model name "bad name"/);
  });
});

describe('concurrency', () => {
  it('inference keeps answering while a worker trains; the job can be cancelled', async () => {
    const r = await s.request('POST', '/v2/models/slow/train', slowTrainingBody());
    expect(r.status).toBe(202);
    const id = r.body.id;
    const before = await waitFor(async () => {
      const j = (await s.request('GET', `/v2/jobs/${id}`)).body;
      return j.state === 'running' && j.epoch > 0 ? j : undefined;
    });
    let slowest = 0;
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const out = await infer(s, 'exact', X3);
      slowest = Math.max(slowest, performance.now() - t);
      expect(out.status).toBe(200);
    }
    const during = (await s.request('GET', `/v2/jobs/${id}`)).body;
    // Still training after the 20 answers: they did not wait for it.
    expect(during.state).toBe('running');
    expect(during.epoch).toBeGreaterThanOrEqual(before.epoch);
    expect(slowest).toBeLessThan(2000);

    const cancel = await s.request('DELETE', `/v2/jobs/${id}`);
    expect(cancel).toMatchObject({ status: 200, body: { state: 'cancelled', error: 'cancelled by a client' } });
    expect((await s.request('GET', '/v2/models/slow')).status).toBe(404);
  });

  it('one job at a time and one queued: the next is refused with 429; queued jobs can be cancelled', async () => {
    const busy = await start({ maxConcurrentJobs: 1, maxQueuedJobs: 1 });
    try {
      const body = slowTrainingBody(500, 2);
      const a = await busy.request('POST', '/v2/models/m/train', body);
      const b = await busy.request('POST', '/v2/models/m/train', body);
      const c = await busy.request('POST', '/v2/models/m/train', body);
      expect([a.status, b.status, c.status]).toEqual([202, 202, 429]);
      expect(a.body.state).toBe('running');
      expect(b.body.state).toBe('queued');
      expect(c.body.error).toMatch(/^too many training jobs: 1 running and 1 queued/);
      expect(c.headers.get('retry-after')).toBe('5');
      expect((await busy.request('DELETE', `/v2/jobs/${b.body.id}`)).body.state).toBe('cancelled');
      expect((await busy.request('DELETE', `/v2/jobs/${a.body.id}`)).body.state).toBe('cancelled');
      const metrics = (await busy.request('GET', '/metrics')).text;
      expect(metrics).toContain('linwasm_training_jobs_total{state="rejected"} 1');
      expect(metrics).toContain('linwasm_training_jobs_total{state="cancelled"} 2');
      expect(metrics).toContain('linwasm_training_jobs_active{state="running"} 0');
    } finally {
      await busy.close();
      removeDir(busy.models);
    }
  });
});

describe('bearer token (LINWASM_TOKEN)', () => {
  let secured: Started;
  const auth = { authorization: 'Bearer s3cret-token' };
  beforeAll(async () => {
    const saved = process.env.LINWASM_TOKEN;
    process.env.LINWASM_TOKEN = 's3cret-token';
    try {
      const models = tempDir();
      putModel(models, 'lin', '1', exactModel());
      secured = await start({}, models);
    } finally {
      if (saved === undefined) delete process.env.LINWASM_TOKEN;
      else process.env.LINWASM_TOKEN = saved;
    }
  });
  afterAll(async () => {
    await secured?.close();
    removeDir(secured.models);
  });

  it('training and registry changes need it (401 without, 401 with a wrong one); reads do not', async () => {
    const body = { target: 'y', rows: exactRows(10), options: { solver: 'exact' } };
    const none = await secured.request('POST', '/v2/models/lin/train', body);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="linwasm"');
    expect(none.body.error).toMatch(/requires a bearer token/);
    const wrong = await secured.request('POST', '/v2/models/lin/train', body, { authorization: 'Bearer nope' });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid bearer token' } });
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const ok = await secured.request('POST', '/v2/models/lin/train', body, auth);
    expect(ok.status).toBe(202);
    expect((await finished(secured, ok.body.id)).model_version).toBe('2');
    expect((await secured.request('DELETE', `/v2/jobs/${ok.body.id}`)).status).toBe(401);

    expect((await secured.request('POST', '/v2/models/lin/versions', exactModel())).status).toBe(401);
    expect((await secured.request('DELETE', '/v2/models/lin/versions/1')).status).toBe(401);
    expect((await secured.request('POST', '/v2/repository/models/lin/unload')).status).toBe(401);
    expect((await secured.request('POST', '/v2/models/lin/versions', exactModel(), auth)).status).toBe(201);

    expect((await infer(secured, 'lin', X3)).status).toBe(200);
    expect((await secured.request('GET', '/v2/models/lin')).body.versions).toEqual(['1', '2', '3']);
  });
});
