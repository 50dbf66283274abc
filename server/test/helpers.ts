// Starting the built server (dist/, so that its training worker script exists) on 127.0.0.1 with a
// temporary registry, and talking to it over real HTTP.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { LinearRegression } from 'linwasm';
import { random } from '../../test/helpers.js';
import type * as ServerModule from '../src/index.js';

type ServerOptions = ServerModule.ServerOptions;
type LinwasmServer = ServerModule.LinwasmServer;

// Types from src, code from dist: the worker thread runs dist/server/train-worker.js.
const DIST = new URL('../dist/index.js', import.meta.url).href;
export const loadServerModule = (): Promise<typeof ServerModule> => import(DIST);

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the tests
  body: any;
  text: string;
}

export interface Started {
  url: string;
  server: LinwasmServer;
  models: string;
  /** JSON log lines the server wrote. */
  logs: Record<string, unknown>[];
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

/** A registry directory of its own (removed by the caller with removeDir). */
export function tempDir(prefix = 'linwasm-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A pino destination that keeps the JSON lines written to it, parsed, in `logs`. */
export function logCapture(): { logs: Record<string, unknown>[]; stream: Writable } {
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  return { logs, stream };
}

/**
 * Starts a server on 127.0.0.1, port 0, on `models` (a new temporary directory by default), after
 * `configure` has had it (to add hooks or routes as an embedding application would).
 */
export async function start(
  options: ServerOptions = {},
  models = tempDir(),
  configure: (server: LinwasmServer) => void = () => {},
): Promise<Started> {
  const { createServer } = await loadServerModule();
  const { logs, stream } = logCapture();
  const server = createServer({ models, logger: { level: 'info', stream }, defaultMetrics: false, ...options });
  configure(server);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    server,
    models,
    logs,
    request: (method, path, body, headers) => request(url, method, path, body, headers),
    close: () => server.close(),
  };
}

/**
 * One HTTP request. A string body is sent as it is (content-type from headers, JSON by default);
 * anything else is sent as JSON.
 */
export async function request(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const init: RequestInit = { method, headers: { ...headers }, signal: AbortSignal.timeout(30_000) };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${url}${path}`, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (metrics)
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Polls `check` every 20 ms until it returns a value, for at most `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`waitFor: still not true after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Polls a training job until it has finished (succeeded, failed or cancelled). */
export function finished(s: Started, id: string, timeoutMs = 20_000): Promise<Reply['body']> {
  return waitFor(async () => {
    const r = await s.request('GET', `/v2/jobs/${id}`);
    return ['succeeded', 'failed', 'cancelled'].includes(r.body.state) ? r.body : undefined;
  }, timeoutMs);
}

/** Writes a model into the registry layout, models/<name>/<version>/model.json. */
export function putModel(models: string, name: string, version: string, doc: unknown): void {
  mkdirSync(join(models, name, version), { recursive: true });
  writeFileSync(join(models, name, version, 'model.json'), JSON.stringify(doc));
}

/**
 * Rows of y = k·(2a − 3b + 0.5c + 1) exactly: the exact solver recovers coef k·[2, −3, 0.5] and
 * intercept k, so predictions have a closed form.
 */
export function exactRows(n: number, k = 1, seed = 3): { a: number; b: number; c: number; y: number }[] {
  const u = random(seed);
  return Array.from({ length: n }, () => {
    const [a, b, c] = [u() * 10 - 5, u() * 4, u() - 0.5];
    return { a, b, c, y: k * (2 * a - 3 * b + 0.5 * c + 1) };
  });
}

/** The closed-form prediction of exactRows' model. */
export const exactPrediction = ([a, b, c]: number[], k = 1) => k * (2 * a - 3 * b + 0.5 * c + 1);

/** A model document fitted exactly to exactRows (with column names a, b, c → y). */
export function exactModel(k = 1): unknown {
  const rows = exactRows(40, k);
  const model = new LinearRegression({ solver: 'exact' }).fit(
    rows.map((r) => [r.a, r.b, r.c]),
    rows.map((r) => r.y),
  );
  return { ...model.toJSON(), columns: { features: ['a', 'b', 'c'], target: 'y' } };
}

/** A table big enough that batch gradient descent with a huge maxEpochs trains for many seconds. */
export function slowTrainingBody(
  rows = 4000,
  d = 8,
): { target: string; columns: string[]; rows: number[][]; options: object } {
  const u = random(11);
  const columns = [...Array.from({ length: d }, (_, j) => `x${j}`), 'y'];
  const data = Array.from({ length: rows }, () => {
    const x = Array.from({ length: d }, () => u() * 2 - 1);
    return [...x, x.reduce((s, v, j) => s + v * (j + 1), 0) + u()];
  });
  return { target: 'y', columns, rows: data, options: { solver: 'batch', maxEpochs: 1_000_000, tolerance: null } };
}

export interface Serving {
  url: string;
  proc: import('node:child_process').ChildProcess;
  /** Everything the server wrote on stdout (its JSON log lines). */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Runs `linwasm serve <args>` (port 0, 127.0.0.1) in its own process, Node given `nodeArgs`, and waits until it listens. */
export async function serve(args: string[], nodeArgs: string[] = []): Promise<Serving> {
  const { spawn } = await import('node:child_process');
  const bin = new URL('../bin/linwasm.mjs', import.meta.url).pathname;
  const proc = spawn(process.execPath, [...nodeArgs, bin, 'serve', '--port', '0', '--host', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = await waitFor(async () => {
    if (proc.exitCode !== null) throw new Error(`linwasm serve exited with ${proc.exitCode}: ${out}`);
    return /Server listening at (http:\/\/[^"]+)/.exec(out)?.[1];
  }, 15_000);
  return { url, proc, output: () => out, exited };
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
