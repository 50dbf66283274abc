// Shutdown under load: 20 clients loop inference requests over keep-alive connections while
// `linwasm serve` gets SIGTERM. Every request the server received is answered (200, or 503 with an
// error body) and no connection is reset; the server stops being ready first and exits 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { init } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactModel, putModel, removeDir, start, tempDir, waitFor } from './helpers.js';

const dirs: string[] = [];
let child: ChildProcess | null = null;
beforeAll(async () => {
  await init();
});
afterAll(() => {
  child?.kill('SIGKILL');
  for (const d of dirs) removeDir(d);
});

interface Outcome {
  status?: number;
  body?: string;
  error?: string;
}

/** One POST on the agent's keep-alive connection. */
function post(port: number, agent: Agent, body: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/v2/models/m/infer',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, body: text }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(body);
  });
}

describe('SIGTERM under load', () => {
  it('20 looping keep-alive clients: zero resets, every received request answered, exit 0', async () => {
    const models = tempDir('linwasm-drain-');
    dirs.push(models);
    putModel(models, 'm', '1', exactModel());
    const bin = fileURLToPath(new URL('../bin/linwasm.mjs', import.meta.url));
    const proc = spawn(process.execPath, [bin, 'serve', '--models', models, '--port', '0', '--log-level', 'info'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const url = await waitFor(async () => /Server listening at (http:\/\/[^"]+)/.exec(out)?.[1], 15_000);
    const port = Number(new URL(url).port);

    const body = JSON.stringify({ inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP64', data: [1, 2, 3] }] });
    const outcomes: Outcome[] = [];
    let stopped = false;
    const clients = Array.from({ length: 20 }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < 100_000 && !stopped; i++) {
        const o = await post(port, agent, body);
        outcomes.push(o);
        // Refused: the server no longer listens, this client is done.
        if (o.error === 'ECONNREFUSED') break;
      }
      agent.destroy();
    });
    // Load for a moment, then SIGTERM while every client has a request in flight or about to be.
    await waitFor(async () => (outcomes.length >= 400 ? true : undefined), 20_000);
    proc.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
    stopped = true;
    await Promise.all(clients);

    expect(code).toBe(0);
    const errors = outcomes.filter((o) => o.error !== undefined).map((o) => o.error);
    // Refused connections come after the server stopped listening: no request was lost. Anything else
    // (ECONNRESET, EPIPE, 'socket hang up') is a request the server dropped.
    expect(errors.filter((e) => e !== 'ECONNREFUSED')).toEqual([]);
    const answered = outcomes.filter((o) => o.status !== undefined);
    expect(answered.length).toBeGreaterThan(400);
    for (const o of answered) {
      expect([200, 503]).toContain(o.status);
      if (o.status === 503) expect(JSON.parse(o.body as string)).toEqual({ error: expect.any(String) });
    }
    expect(out).toContain('shutting down');
  }, 60_000);

  it('close(): readiness turns false at once, answers on open connections end them, idle ones are closed', async () => {
    const models = tempDir('linwasm-drain-');
    dirs.push(models);
    putModel(models, 'm', '1', exactModel());
    const s = await start({ drainTimeout: 2000 }, models);
    const port = Number(new URL(s.url).port);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status?: number; connection?: string; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, agent }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, body: text }));
        });
        req.on('error', reject);
        req.end();
      });
    expect((await get('/v2/health/ready')).status).toBe(200);
    const closing = s.close();
    // The same keep-alive connection, after close() began: answered, not ready, and told to close.
    const during = await get('/v2/health/ready');
    expect(during).toMatchObject({ status: 400, connection: 'close' });
    expect(JSON.parse(during.body)).toEqual({ ready: false });
    const t = performance.now();
    await closing;
    // Closing did not wait out the whole drain window once no connection was left.
    expect(performance.now() - t).toBeLessThan(1500);
    agent.destroy();
  });
});
