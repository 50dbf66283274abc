// KServe's layout without a cluster: a read-only model directory (as mounted at /mnt/models) served
// under a name from an argument or the environment, and the container's own start command — the
// Dockerfile's ENTRYPOINT with the ServingRuntime's args — run here as the container would run it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { init } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { relDiff } from '../../test/helpers.js';
import {
  exactModel,
  exactPrediction,
  freePort,
  loadServerModule,
  removeDir,
  request,
  start,
  tempDir,
  waitFor,
} from './helpers.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];
beforeAll(async () => {
  await init();
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) removeDir(d);
});

function dir(): string {
  const d = tempDir('linwasm-kserve-');
  dirs.push(d);
  return d;
}

const row = { inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP64', data: [1, 2, 3] }] };

describe('a read-only model directory (modelDir)', () => {
  it('model.json at the top is version 1 of the named model; training and uploads are refused', async () => {
    const d = dir();
    writeFileSync(join(d, 'model.json'), JSON.stringify(exactModel(1)));
    const s = await start({ modelDir: d, modelName: 'diabetes', models: undefined }, undefined);
    try {
      expect((await s.request('GET', '/v2/models')).body.models).toEqual([
        { name: 'diabetes', versions: ['1'], latest: '1' },
      ]);
      const out = await s.request('POST', '/v2/models/diabetes/infer', row);
      expect(out.body.model_version).toBe('1');
      expect(relDiff(out.body.outputs[0].data, [exactPrediction([1, 2, 3])])).toBeLessThan(1e-12);
      const train = await s.request('POST', '/v2/models/diabetes/train', { target: 'y', rows: [{ a: 1, y: 2 }] });
      expect(train).toMatchObject({
        status: 403,
        body: { error: expect.stringContaining('read-only model directory') },
      });
      expect((await s.request('POST', '/v2/models/diabetes/versions', exactModel(2))).status).toBe(403);
      expect((await s.request('DELETE', '/v2/models/diabetes/versions/1')).status).toBe(403);
      const csv = await s.request('POST', '/v2/models/diabetes/train?target=y', 'a,y\n1,2\n', {
        'content-type': 'text/csv',
      });
      expect(csv.status).toBe(403);
      expect((await s.request('POST', '/v2/repository/index')).body).toEqual([
        { name: 'diabetes', version: '1', state: 'READY', reason: '' },
      ]);
    } finally {
      await s.close();
    }
  });

  it('versioned folders, and the name from LINWASM_MODEL_NAME', async () => {
    const d = dir();
    for (const [v, k] of [
      ['1', 1],
      ['3', 3],
    ] as const) {
      mkdirSync(join(d, v));
      writeFileSync(join(d, v, 'model.json'), JSON.stringify(exactModel(k)));
    }
    process.env.LINWASM_MODEL_NAME = 'house';
    try {
      const { createServer } = await loadServerModule();
      const server = createServer({ modelDir: d, port: 0, defaultMetrics: false });
      const url = await server.listen();
      try {
        expect((await request(url, 'GET', '/v2/models/house')).body.versions).toEqual(['1', '3']);
        const out = (await request(url, 'POST', '/v2/models/house/infer', row)).body;
        expect(out.model_version).toBe('3');
        expect(relDiff(out.outputs[0].data, [exactPrediction([1, 2, 3], 3)])).toBeLessThan(1e-12);
      } finally {
        await server.close();
      }
    } finally {
      delete process.env.LINWASM_MODEL_NAME;
    }
  });

  it('bad settings are refused at once', async () => {
    const { createServer } = await loadServerModule();
    expect(() => createServer({ modelDir: dir() })).toThrow('Server option modelDir needs modelName');
    expect(() => createServer({ modelDir: dir(), modelName: 'a', models: 'b' })).toThrow('exclude each other');
    expect(() => createServer({ modelDir: dir(), modelName: '../x' })).toThrow('invalid model name');
    const missing = createServer({ modelDir: join(dir(), 'none'), modelName: 'm' });
    await expect(missing.ready()).rejects.toThrow('does not exist or is not a directory');
  });
});

describe('the container, started as KServe starts it', () => {
  it('Dockerfile ENTRYPOINT + ServingRuntime args: REST and gRPC on the model at /mnt/models', async () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const entrypoint: string[] = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]');
    expect(entrypoint).toEqual([
      'node',
      '--no-memory-reducer',
      '/app/node_modules/linwasm-server/bin/linwasm.mjs',
      'serve',
    ]);
    const runtime = parseYaml(readFileSync(join(root, 'deploy/kserve/servingruntime.yaml'), 'utf8'));
    expect(runtime.kind).toBe('ServingRuntime');
    expect(runtime.spec.supportedModelFormats).toContainEqual(expect.objectContaining({ name: 'linwasm' }));
    expect(runtime.spec.protocolVersions).toEqual(['v2', 'grpc-v2']);
    const [isvc] = parseAllDocuments(readFileSync(join(root, 'deploy/kserve/inferenceservice.yaml'), 'utf8')).map((x) =>
      x.toJS(),
    );
    expect(isvc.spec.predictor.model).toMatchObject({
      modelFormat: { name: 'linwasm' },
      runtime: runtime.metadata.name,
    });
    const container = runtime.spec.containers[0];
    expect(container.readinessProbe.httpGet).toEqual({ path: '/v2/health/ready', port: 8080 });

    // /mnt/models and the fixed ports become a temporary directory and free ports; nothing else changes.
    const models = dir();
    writeFileSync(join(models, 'model.json'), JSON.stringify(exactModel(1)));
    const [http, grpcPort] = [await freePort(), await freePort()];
    const args: string[] = container.args.map((a: string) =>
      a
        .replace('{{.Name}}', isvc.metadata.name)
        .replace('/mnt/models', models)
        .replace('--port=8080', `--port=${http}`)
        .replace('--grpc-port=8081', `--grpc-port=${grpcPort}`),
    );
    // The command as the image runs it, its V8 flag included: a Node that refused the flag would not start.
    const [node, ...command] = entrypoint;
    expect(node).toBe('node');
    const proc = spawn(
      process.execPath,
      [...command.map((a) => a.replace('/app/node_modules/linwasm-server/', root)), ...args, '--log-level', 'warn'],
      {
        stdio: 'ignore',
      },
    );
    children.push(proc);
    const url = `http://127.0.0.1:${http}`;
    await waitFor(async () => {
      const r = await request(url, 'GET', '/v2/health/ready').catch(() => null);
      return r?.status === 200 ? true : undefined;
    }, 15_000);
    const name = isvc.metadata.name;
    const out = await request(url, 'POST', `/v2/models/${name}/infer`, row);
    expect(relDiff(out.body.outputs[0].data, [exactPrediction([1, 2, 3])])).toBeLessThan(1e-12);
    const live = (await request(url, 'GET', container.livenessProbe.httpGet.path)).status;
    expect(live).toBe(200);

    const def = loadSync(join(root, 'proto/grpc_predict_v2.proto'), { keepCase: true, longs: Number, defaults: true });
    const Service = (grpc.loadPackageDefinition(def).inference as grpc.GrpcObject)
      .GRPCInferenceService as grpc.ServiceClientConstructor;
    const client = new Service(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure());
    const ready = await new Promise((resolve, reject) =>
      (client as unknown as Record<string, (r: object, cb: (e: Error | null, r: unknown) => void) => void>).ModelReady(
        { name },
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );
    expect(ready).toEqual({ ready: true });
    client.close();
    proc.kill('SIGTERM');
    expect(await new Promise((r) => proc.on('exit', r))).toBe(0);
  }, 30_000);
});
