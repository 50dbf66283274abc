// The model registry on disk: loaded at start (skipping what an interrupted write leaves), kept
// across restarts, changed only through atomic writes; uploads, deletes and the repository extension.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, LinearRegression } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactModel, exactPrediction, exactRows, finished, putModel, removeDir, start, tempDir } from './helpers.js';

const X = [
  [1, 1, 1],
  [2, -1, 0.5],
];
const inferBody = { inputs: [{ name: 'input-0', shape: [2, 3], datatype: 'FP64', data: X }] };
const dirs: string[] = [];

beforeAll(async () => {
  await init();
});
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

function registry(): string {
  const d = tempDir('linwasm-registry-');
  dirs.push(d);
  return d;
}

describe('the registry on disk', () => {
  it('survives a restart: every version, the latest by default, the same predictions', async () => {
    const models = registry();
    const first = await start({}, models);
    const upload = await first.request('POST', '/v2/models/m/versions', exactModel(2));
    expect(upload).toMatchObject({ status: 201, body: { name: 'm', version: '1' } });
    expect(upload.headers.get('location')).toBe('/v2/models/m/versions/1');
    const job = await first.request('POST', '/v2/models/m/train', {
      target: 'y',
      rows: exactRows(30),
      options: { solver: 'exact' },
    });
    expect((await finished(first, job.body.id)).model_version).toBe('2');
    const before = (await first.request('POST', '/v2/models/m/infer', inferBody)).body;
    await first.close();

    expect(readdirSync(join(models, 'm')).sort()).toEqual(['1', '2']);
    expect(readdirSync(join(models, 'm', '2'))).toEqual(['model.json']);
    const stored = readFileSync(join(models, 'm', '2', 'model.json'), 'utf8');
    expect(LinearRegression.fromJSON(stored).predict(X)).toEqual(Float64Array.from(before.outputs[0].data));

    const second = await start({}, models);
    try {
      expect((await second.request('GET', '/v2/models/m')).body.versions).toEqual(['1', '2']);
      const after = (await second.request('POST', '/v2/models/m/infer', inferBody)).body;
      expect(after).toEqual(before);
      expect(after.model_version).toBe('2');
      const v1 = (await second.request('POST', '/v2/models/m/versions/1/infer', inferBody)).body;
      expect(v1.outputs[0].data).toEqual(X.map((x) => expect.closeTo(exactPrediction(x, 2), 10)));
    } finally {
      await second.close();
    }
  });

  it('deletes what an interrupted write leaves at start: a half-written temporary file, an empty version', async () => {
    const models = registry();
    putModel(models, 'm', '1', exactModel(1));
    const full = JSON.stringify(exactModel(3));
    mkdirSync(join(models, 'm', '2'));
    writeFileSync(join(models, 'm', '2', '.model.json.4242.a1b2c3.tmp'), full.slice(0, full.length >> 1));
    mkdirSync(join(models, 'm', '3')); // claimed, never written
    // A temporary file of a process that still runs (another writer on this host) is left alone.
    mkdirSync(join(models, 'm', '5'));
    const live = `.model.json.${process.ppid}.0123456789ab.tmp`;
    writeFileSync(join(models, 'm', '5', live), '{');
    writeFileSync(join(models, 'm', '1', '.model.json.999999999.0123456789ab.tmp'), '{'); // no such process
    mkdirSync(join(models, '.hidden', '1'), { recursive: true }); // not a valid name: never read
    writeFileSync(join(models, '.hidden', '1', 'model.json'), '{');

    const s = await start({}, models);
    try {
      expect((await s.request('GET', '/v2/health/ready')).status).toBe(200);
      expect((await s.request('GET', '/v2/models/m')).body.versions).toEqual(['1']);
      const out = await s.request('POST', '/v2/models/m/infer', inferBody);
      expect(out.body.model_version).toBe('1');
      expect(out.body.outputs[0].data).toEqual(X.map((x) => expect.closeTo(exactPrediction(x), 10)));
      expect(existsSync(join(models, 'm', '2'))).toBe(false);
      expect(existsSync(join(models, 'm', '3'))).toBe(false);
      expect(readdirSync(join(models, 'm', '1'))).toEqual(['model.json']);
      expect(readdirSync(join(models, 'm', '5'))).toEqual([live]);
      expect(existsSync(join(models, '.hidden', '1', 'model.json'))).toBe(true);
      const cleaned = s.logs.filter((l) => String(l.msg).startsWith('deleted'));
      expect(cleaned.map((l) => l.msg).sort()).toEqual([
        'deleted a temporary file left by an interrupted write',
        'deleted a temporary file left by an interrupted write',
        'deleted an empty version directory left by an interrupted write',
        'deleted an empty version directory left by an interrupted write',
      ]);
      // The next version follows the highest directory on disk.
      expect((await s.request('POST', '/v2/models/m/versions', exactModel(4))).body.version).toBe('6');
    } finally {
      await s.close();
    }
  });

  it('skips a corrupt model file (reported in the repository index) and serves the rest', async () => {
    const models = registry();
    putModel(models, 'good', '1', exactModel());
    mkdirSync(join(models, 'bad', '1'), { recursive: true });
    writeFileSync(join(models, 'bad', '1', 'model.json'), '{"kind": "linwasm.LinearRegression", "formatVersion": 1');
    const s = await start({}, models);
    try {
      expect((await s.request('GET', '/v2/models/bad')).status).toBe(404);
      expect((await s.request('POST', '/v2/models/good/infer', inferBody)).status).toBe(200);
      const index = await s.request('POST', '/v2/repository/index');
      expect(index.body).toEqual([
        {
          name: 'bad',
          version: '1',
          state: 'UNAVAILABLE',
          reason: expect.stringMatching(/^bad\/1\/model\.json: not valid JSON/),
        },
        { name: 'good', version: '1', state: 'READY', reason: '' },
      ]);
      // The index is open to anyone: it never shows where the registry is on disk.
      expect(index.text).not.toContain(models);
      expect(index.text).not.toContain(tmpdir());
    } finally {
      await s.close();
    }
  });
});

describe('registry changes', () => {
  it('upload, delete, unload and load; bad uploads are refused', async () => {
    const models = registry();
    const s = await start({}, models);
    try {
      expect((await s.request('POST', '/v2/models/m/versions', exactModel(1))).body.version).toBe('1');
      expect((await s.request('POST', '/v2/models/m/versions', exactModel(2))).body.version).toBe('2');
      const notModel = await s.request('POST', '/v2/models/m/versions', { kind: 'other' });
      expect(notModel.status).toBe(400);
      expect(notModel.body.error).toMatch(/This is not a linwasm LinearRegression model/);
      expect((await s.request('POST', '/v2/models/m/versions', '[1, 2]')).status).toBe(400);
      expect((await s.request('POST', '/v2/models/.m/versions', exactModel())).status).toBe(400);

      const del = await s.request('DELETE', '/v2/models/m/versions/2');
      expect(del).toMatchObject({ status: 200, body: { name: 'm', version: '2', deleted: true } });
      expect(existsSync(join(models, 'm', '2'))).toBe(false);
      expect((await s.request('POST', '/v2/models/m/versions/2/infer', inferBody)).status).toBe(404);
      expect((await s.request('POST', '/v2/models/m/infer', inferBody)).body.model_version).toBe('1');
      expect((await s.request('DELETE', '/v2/models/m/versions/7')).status).toBe(404);

      expect((await s.request('POST', '/v2/repository/models/m/unload')).body).toEqual({ name: 'm', unloaded: true });
      expect((await s.request('POST', '/v2/models/m/infer', inferBody)).status).toBe(404);
      const index = await s.request('POST', '/v2/repository/index');
      expect(index.body).toEqual([{ name: 'm', version: '1', state: 'UNAVAILABLE', reason: 'unloaded' }]);
      expect((await s.request('POST', '/v2/repository/models/m/unload')).status).toBe(404);

      // A model copied into the registry by hand is picked up by load.
      putModel(models, 'm', '5', exactModel(5));
      expect((await s.request('POST', '/v2/repository/models/m/load')).body).toEqual({
        name: 'm',
        versions: ['1', '5'],
      });
      expect((await s.request('POST', '/v2/models/m/infer', inferBody)).body.model_version).toBe('5');
      expect((await s.request('POST', '/v2/repository/models/none/load')).status).toBe(404);

      expect(readdirSync(join(models, 'm')).sort()).toEqual(['1', '5']);
      for (const v of ['1', '5']) expect(readdirSync(join(models, 'm', v))).toEqual(['model.json']);
    } finally {
      await s.close();
    }
  });
});
