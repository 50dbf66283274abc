// linwasm-server as installed from its tarball (with linwasm, its peer): the `linwasm` command (train,
// predict, serve) and createServer, run from the install as users run them.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const consumers = inject('consumers');
const root = fileURLToPath(new URL('../../', import.meta.url));
const DIABETES = join(root, 'data/diabetes.csv');
const bin = (name: string) => join(consumers.server, 'node_modules/.bin', name);

function linwasm(args: string[]): string {
  return execFileSync(bin('linwasm'), args, { cwd: consumers.server, encoding: 'utf8', timeout: 60_000 });
}

describe('the linwasm command from linwasm-server', () => {
  it('answers --version with the package version, under both bin names', () => {
    const { version } = JSON.parse(
      readFileSync(join(consumers.server, 'node_modules/linwasm-server/package.json'), 'utf8'),
    );
    expect(linwasm(['--version']).trim()).toBe(version);
    expect(execFileSync(bin('linwasm-server'), ['--version'], { encoding: 'utf8' }).trim()).toBe(version);
  });

  it('trains the bundled data to scikit-learn’s OLS R², and predicts with the saved model', () => {
    const out = join(consumers.server, 'model.json');
    const summary = linwasm(['train', DIABETES, '--target', 'target', '--solver', 'exact', '--out', out, '--json']);
    expect(JSON.parse(summary.trim().split('\n').at(-1) as string).r2).toBeCloseTo(0.517748, 6);
    const predictions = linwasm(['predict', out, DIABETES]).trim().split('\n');
    expect(predictions.length).toBeGreaterThan(400);
  });

  it('serves over HTTP and exits 0 on SIGTERM', async () => {
    const models = join(consumers.server, 'models');
    mkdirSync(join(models, 'd/1'), { recursive: true });
    linwasm(['train', DIABETES, '--target', 'target', '--solver', 'exact', '--out', join(models, 'd/1/model.json')]);
    const proc = spawn(bin('linwasm'), ['serve', '--models', models, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    let url: string | undefined;
    for (let i = 0; i < 300 && !url; i++) {
      url = /Server listening at (http:\/\/[^"]+)/.exec(out)?.[1];
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(url).toBeDefined();
    expect((await fetch(`${url}/v2/health/ready`)).status).toBe(200);
    const meta = await (await fetch(`${url}/v2/models/d`)).json();
    expect(meta.inputs[0].shape).toEqual([-1, 10]);
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('createServer is importable from linwasm-server', () => {
    writeFileSync(
      join(consumers.server, 'embed.mjs'),
      `import { createServer } from 'linwasm-server';
       const s = createServer({ models: './embedded-models', port: 0 });
       await s.ready();
       await s.close();
       console.log('ok');`,
    );
    expect(execFileSync(process.execPath, ['embed.mjs'], { cwd: consumers.server, encoding: 'utf8' }).trim()).toBe(
      'ok',
    );
  });
});
