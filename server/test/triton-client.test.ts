// Triton's official Python clients (tritonclient.http and tritonclient.grpc) against `linwasm serve`, when
// they are installed: scripts/triton_client_check.py makes every call a client makes (health, metadata,
// inference with JSON and binary tensors in FP32 and FP64, compressed requests, errors, statistics, the
// repository index; over gRPC, raw contents) and compares the answers with LinearRegression.predict.
// The client is not on this project's registries: set TRITON_CLIENT to its src/python/library (see
// docs/server.md). Without it this file is skipped; server/test/triton-wire.test.ts sends the same
// client's requests byte for byte in every run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, LinearRegression } from 'linwasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putModel, removeDir, type Serving, serve, tempDir } from './helpers.js';

const client = process.env.TRITON_CLIENT ?? '/tmp/triton-client/src/python/library';
const available =
  existsSync(join(client, 'tritonclient', 'http')) &&
  spawnSync('/usr/bin/python3', ['-c', 'import tritonclient.http'], { env: { ...process.env, PYTHONPATH: client } })
    .status === 0;

describe.skipIf(!available)("Triton's Python clients", () => {
  let server: Serving;
  let dir: string;

  beforeAll(async () => {
    await init();
    dir = tempDir('linwasm-triton-');
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const lines = readFileSync(join(root, 'data/diabetes.csv'), 'utf8').trim().split('\n').slice(1);
    const rows = lines.map((l) => l.split(',').map(Number));
    const X = rows.map((r) => r.slice(0, -1));
    const model = new LinearRegression({ solver: 'exact' }).fit(
      X,
      rows.map((r) => r[r.length - 1]),
    );
    putModel(join(dir, 'models'), 'diabetes', '1', model.toJSON());
    writeFileSync(
      join(dir, 'expect.json'),
      JSON.stringify({ X: X.slice(0, 25), y: Array.from(model.predict(X.slice(0, 25))) }),
    );
    server = await serve(['--models', join(dir, 'models'), '--grpc-port', '0']);
  });

  afterAll(async () => {
    server?.proc.kill('SIGTERM');
    await server?.exited;
    removeDir(dir);
  });

  it('every call of tritonclient.http and tritonclient.grpc succeeds with the right answers', async () => {
    const grpcPort = await waitForGrpcPort(server);
    const url = new URL(server.url);
    const run = spawnSync(
      '/usr/bin/python3',
      [
        fileURLToPath(new URL('../scripts/triton_client_check.py', import.meta.url)),
        '--url',
        url.host,
        '--grpc-url',
        `127.0.0.1:${grpcPort}`,
        '--model',
        'diabetes',
        '--expect',
        join(dir, 'expect.json'),
      ],
      { env: { ...process.env, TRITON_CLIENT: client }, encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    expect(run.stdout).not.toContain('FAIL');
    expect(run.status).toBe(0);
  }, 150_000);
});

async function waitForGrpcPort(s: Serving): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const line = s
      .output()
      .split('\n')
      .find((l) => l.includes('gRPC service listening'));
    if (line) return Number(/:(\d+)$/.exec(JSON.parse(line).address)?.[1]);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no gRPC port in the server's log: ${s.output()}`);
}
