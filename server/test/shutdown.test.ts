// Graceful shutdown: in-flight requests are answered, running training jobs finish (their model is
// registered) or, past the grace period, are stopped and marked failed; queued jobs are failed.
// And `linwasm serve` itself: JSON logs, SIGTERM → drain → exit 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exactModel,
  exactRows,
  putModel,
  removeDir,
  request,
  slowTrainingBody,
  start,
  tempDir,
  waitFor,
} from './helpers.js';

const dirs: string[] = [];
beforeAll(async () => {
  await init();
});
afterAll(() => {
  for (const d of dirs) removeDir(d);
});

function registry(): string {
  const d = tempDir('linwasm-shutdown-');
  dirs.push(d);
  return d;
}

describe('close()', () => {
  it('lets a running job finish and register its model', async () => {
    const models = registry();
    const s = await start({ shutdownTimeout: 20_000 }, models);
    const r = await s.request('POST', '/v2/models/m/train', {
      target: 'y',
      rows: exactRows(50),
      options: { solver: 'exact' },
    });
    expect(r.status).toBe(202);
    await s.close();
    expect(existsSync(join(models, 'm', '1', 'model.json'))).toBe(true);
    const done = s.logs.find((l) => l.job === r.body.id && l.msg === 'training job succeeded');
    expect(done).toMatchObject({ model: 'm', version: '1' });
  });

  it('past the grace period, stops running jobs and marks them failed; queued jobs are failed at once', async () => {
    const models = registry();
    const s = await start({ shutdownTimeout: 300, maxConcurrentJobs: 1 }, models);
    const body = slowTrainingBody(1000, 4);
    const running = await s.request('POST', '/v2/models/m/train', body);
    const queued = await s.request('POST', '/v2/models/m/train', body);
    await waitFor(async () =>
      (await s.request('GET', `/v2/jobs/${running.body.id}`)).body.epoch > 0 ? true : undefined,
    );
    const t = performance.now();
    await s.close();
    expect(performance.now() - t).toBeLessThan(5000);
    const outcome = (id: string) => s.logs.find((l) => l.job === id && l.msg === 'training job did not succeed');
    expect(outcome(running.body.id)).toMatchObject({
      state: 'failed',
      error: 'the server shut down while the job was running',
    });
    expect(outcome(queued.body.id)).toMatchObject({
      state: 'failed',
      error: 'the server shut down before the job started',
    });
    expect(existsSync(join(models, 'm'))).toBe(false);
  });

  it('answers the requests in flight', async () => {
    const models = registry();
    putModel(models, 'm', '1', exactModel());
    const s = await start({}, models);
    const X = Array.from({ length: 20_000 }, (_, i) => [i, 1, 2]);
    // Close as soon as the server has the request's headers: its body is still on the way.
    const received = new Promise((resolve) => s.server.server.once('request', resolve));
    const pending = s.request('POST', '/v2/models/m/infer', {
      inputs: [{ name: 'input-0', shape: [X.length, 3], datatype: 'FP64', data: X }],
    });
    await received;
    await s.close();
    const r = await pending;
    expect(r.status).toBe(200);
    expect(r.body.outputs[0].shape).toEqual([20_000]);
  });
});

describe('linwasm serve', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('logs JSON, serves the registry, and on SIGTERM drains and exits with status 0', async () => {
    const models = registry();
    putModel(models, 'm', '1', exactModel());
    const bin = fileURLToPath(new URL('../bin/linwasm.mjs', import.meta.url));
    const args = ['serve', '--models', models, '--port', '0', '--host', '127.0.0.1', '--access-log'];
    const proc = spawn(process.execPath, [bin, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const lines: Record<string, unknown>[] = [];
    let buffered = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const p of parts) if (p) lines.push(JSON.parse(p));
    });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));

    const listening = await waitFor(
      async () => lines.find((l) => String(l.msg).startsWith('Server listening at')),
      15_000,
    );
    const url = String(listening.msg).replace('Server listening at ', '');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.find((l) => l.msg === 'model registry loaded')).toMatchObject({ models: 1, versions: 1, level: 30 });
    expect((await request(url, 'GET', '/v2/health/ready')).status).toBe(200);
    expect((await request(url, 'GET', '/v2/models/m')).body.versions).toEqual(['1']);
    // Access logs, asked for with --access-log (written after the response, so possibly after the client has it).
    const logged = await waitFor(async () => lines.find((l) => l.msg === 'request' && l.url === '/v2/models/m'));
    expect(logged).toMatchObject({ level: 30, method: 'GET', status: 200 });
    expect(typeof logged.ms).toBe('number');

    proc.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
    expect(code).toBe(0);
    expect(lines.find((l) => String(l.msg).startsWith('shutting down'))).toMatchObject({ signal: 'SIGTERM' });
  });
});
