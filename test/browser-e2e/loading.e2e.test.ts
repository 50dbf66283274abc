// Zero-config loading in Chromium, after `npm run build` (npm test does it):
// - the self-contained build (dist/browser) as a plain ES module: a static folder, an HTML page and
//   `import … from './linwasm.js'`, no bundler, import map or setting; fitInWorker from './worker.js';
//   init() from the raw .wasm (linwasm/wasm) fetched by the page;
// - an application that installed linwasm in node_modules and imports 'linwasm' and 'linwasm/worker',
//   in Vite's dev server (dependency pre-bundling) and in a Vite production build.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build, createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pageErrors, serve, WAIT } from './harness.js';

const root = new URL('../../', import.meta.url);
const fromRoot = (path: string) => fileURLToPath(new URL(path, root));
const work = mkdtempSync(join(tmpdir(), 'linwasm-loading-'));

const HEAD = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">';
const DATA = 'const X = [[1, 2], [2, 1], [3, 4], [4, 3]]; const y = [5.1, 3.9, 11.2, 9.8];';

/** A module script that publishes what `body` resolves to (or its error) as window.result. */
function script(body: string): string {
  return `window.result = (async () => {\n${body}\n})().catch((e) => ({ error: String(e) }));\n`;
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Visit {
  result: Record<string, unknown>;
  requests: string[];
  errors: string[];
}

async function visit(url: string): Promise<Visit> {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT);
  const errors = pageErrors(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(url, { timeout: WAIT });
  // Bounded by the page's default timeout, like every other wait here.
  await page.waitForFunction('window.result !== undefined');
  const result = (await page.evaluate('window.result')) as Record<string, unknown>;
  await page.close();
  return { result, requests, errors };
}

describe('as a plain ES module (dist/browser)', () => {
  const site = join(work, 'static');
  let server: Awaited<ReturnType<typeof serve>>;
  let embeddedCoef: number[] = [];

  beforeAll(async () => {
    cpSync(fromRoot('dist/browser/'), site, { recursive: true });
    cpSync(fromRoot('build/linwasm.wasm'), join(site, 'linwasm.wasm'));
    const embedded = `const { init, LinearRegression } = await import('./linwasm.js');
      const { fitInWorker } = await import('./worker.js');
      ${DATA}
      await init();
      const here = new LinearRegression({ solver: 'exact' }).fit(X, y);
      const there = await fitInWorker(X, y, { solver: 'batch', seed: 1 });
      return { coef: Array.from(here.coef), workerR2: there.score(X, y), sameClass: there instanceof LinearRegression };`;
    const fetched = `const { init, LinearRegression } = await import('./linwasm.js');
      ${DATA}
      await init(fetch('./linwasm.wasm'));
      return { coef: Array.from(new LinearRegression({ solver: 'exact' }).fit(X, y).coef) };`;
    writeFileSync(join(site, 'embedded.html'), `${HEAD}<script type="module">${script(embedded)}</script>`);
    writeFileSync(join(site, 'fetched.html'), `${HEAD}<script type="module">${script(fetched)}</script>`);
    server = await serve(site);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('imports linwasm.js and worker.js from a static folder; the WASM is inlined, nothing else is fetched', async () => {
    const { result, requests, errors } = await visit(`${server.url}embedded.html`);
    expect(result.error).toBeUndefined();
    expect(result.coef).toHaveLength(2);
    embeddedCoef = result.coef as number[];
    expect(result.workerR2).toBeGreaterThan(0.9);
    expect(result.sameClass).toBe(true); // linwasm.js and worker.js share their classes
    expect(requests.filter((r) => r.endsWith('.wasm'))).toEqual([]);
    expect(requests.filter((r) => r.endsWith('.js')).sort()).toEqual(
      ['/linwasm-core.js', '/linwasm-worker.js', '/linwasm.js', '/worker.js'].sort(),
    );
    expect(errors).toEqual([]);
  });

  it('initializes from the raw .wasm (linwasm/wasm) fetched by the page, with the same results', async () => {
    const { result, requests, errors } = await visit(`${server.url}fetched.html`);
    expect(result.error).toBeUndefined();
    expect(result.coef).toEqual(embeddedCoef);
    expect(requests).toContain('/linwasm.wasm');
    expect(errors).toEqual([]);
  });
});

describe('through Vite, installed in node_modules', () => {
  const app = join(work, 'app');

  beforeAll(() => {
    // What `npm install linwasm` puts in node_modules: the published files and the dependency.
    const pkg = join(app, 'node_modules/linwasm');
    mkdirSync(join(pkg, 'build'), { recursive: true });
    cpSync(fromRoot('package.json'), join(pkg, 'package.json'));
    cpSync(fromRoot('dist/'), join(pkg, 'dist'), { recursive: true });
    cpSync(fromRoot('build/linwasm.wasm'), join(pkg, 'build/linwasm.wasm'));
    cpSync(fromRoot('node_modules/@assemblyscript/loader/'), join(app, 'node_modules/@assemblyscript/loader'), {
      recursive: true,
    });
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
    writeFileSync(join(app, 'index.html'), `${HEAD}<script type="module" src="./main.js"></script>\n`);
    const main = `${DATA}
      await init();
      const model = await fitInWorker(X, y, { solver: 'exact' });
      return { coef: Array.from(model.coef), sameClass: model instanceof LinearRegression };`;
    writeFileSync(
      join(app, 'main.js'),
      `import { init, LinearRegression } from 'linwasm';\nimport { fitInWorker } from 'linwasm/worker';\n${script(main)}`,
    );
  });

  function expectFitted({ result, errors }: Visit): void {
    expect(result.error).toBeUndefined();
    expect(result.sameClass).toBe(true);
    expect((result.coef as number[]).map((c) => Math.round(c * 1e6) / 1e6)).toEqual([0.85, 2.15]);
    expect(errors).toEqual([]);
  }

  it('works in the dev server, with no Vite setting (dependency pre-bundling included)', async () => {
    const dev = await createServer({
      root: app,
      configFile: false,
      logLevel: 'error',
      server: { host: '127.0.0.1', port: 0, strictPort: true },
    });
    try {
      await dev.listen();
      expectFitted(await visit(dev.resolvedUrls!.local[0]));
    } finally {
      await dev.close();
    }
  });

  it('works in a production build, with no Vite setting', async () => {
    await build({ root: app, configFile: false, logLevel: 'error', build: { outDir: 'dist', target: 'es2022' } });
    const server = await serve(join(app, 'dist'));
    try {
      expectFitted(await visit(server.url));
    } finally {
      await server.close();
    }
  });
});
