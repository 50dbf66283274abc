// linwasm as installed from its tarball, in Chromium: a Vite application that imports 'linwasm' and
// 'linwasm/worker' (dev server and production build, no Vite setting), one that serves the .wasm itself
// through 'linwasm/slim', and a plain HTML page that loads the package's self-contained browser build
// (dist/browser) without a bundler. The WASM is in each output once — never in the worker's chunk — and
// the Vite builds' output sizes (raw and gzip) are written to test/artifacts/vite-output.json.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { build, createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, pageErrors, serve, WAIT } from '../browser-e2e/harness.js';

const consumers = inject('consumers');
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

const HEAD = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">';
const DATA = 'const X = [[1, 2], [2, 1], [3, 4], [4, 3]]; const y = [5.1, 3.9, 11.2, 9.8];';

/** A module script that publishes what `body` resolves to (or its error) as window.result. */
function script(body: string): string {
  return `window.result = (async () => {\n${body}\n})().catch((e) => ({ error: String(e) }));\n`;
}

let browser: Browser;

// A piece of the core's bytes as base64 (from the middle: the first bytes of any module look alike), at
// the three offsets base64 can start a run of bytes at; a chunk that embeds the core contains one of them.
const wasmBytes = readFileSync(join(consumers.library, 'node_modules/linwasm/build/linwasm.wasm'));
const wasmMarks = [0, 1, 2].map((k) => {
  const at = (wasmBytes.length >> 1) + k;
  return wasmBytes
    .subarray(at, at + 48)
    .toString('base64')
    .slice(4, 48);
});
const embedsWasm = (text: string) => wasmMarks.some((mark) => text.includes(mark));

interface OutputFile {
  name: string;
  /** 'main' (the page's entry chunk), 'worker' (the worker script), 'wasm', or 'chunk' (another JS chunk). */
  kind: 'main' | 'worker' | 'wasm' | 'chunk';
  bytes: number;
  gzip: number;
  embedsWasm: boolean;
}

/** The files of a Vite build's assets folder, with their sizes and whether they carry the core's bytes. */
function outputOf(dist: string): OutputFile[] {
  const assets = join(dist, 'assets');
  return readdirSync(assets)
    .filter((name) => !name.endsWith('.map'))
    .map((name) => {
      const content = readFileSync(join(assets, name));
      const kind = name.endsWith('.wasm')
        ? 'wasm'
        : name.startsWith('index-')
          ? 'main'
          : name.startsWith('worker-')
            ? 'worker'
            : 'chunk';
      return {
        name,
        kind,
        bytes: content.length,
        gzip: gzipSync(content, { level: 9 }).length,
        embedsWasm: kind !== 'wasm' && embedsWasm(content.toString('latin1')),
      };
    });
}

const output: Record<string, OutputFile[]> = {};

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
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
  await page.waitForFunction('window.result !== undefined');
  const result = (await page.evaluate('window.result')) as Record<string, unknown>;
  await page.close();
  return { result, requests, errors };
}

function expectFitted({ result, errors }: Visit): void {
  expect(result.error).toBeUndefined();
  expect(result.sameClass).toBe(true);
  // The least-squares solution of DATA, computed independently: coef [0.85, 2.15].
  expect((result.coef as number[]).map((c) => Math.round(c * 1e6) / 1e6)).toEqual([0.85, 2.15]);
  expect(result.workerR2).toBeGreaterThan(0.9);
  expect(errors).toEqual([]);
}

describe('a Vite application that installed the tarball', () => {
  const app = join(consumers.library, 'vite-app');

  beforeAll(() => {
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'index.html'), `${HEAD}<script type="module" src="./main.js"></script>\n`);
    const main = `${DATA}
      await init();
      const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
      const there = await fitInWorker(X, y, { solver: 'batch', seed: 1 });
      return { coef: Array.from(model.coef), workerR2: there.score(X, y), sameClass: there instanceof LinearRegression };`;
    writeFileSync(
      join(app, 'main.js'),
      `import { init, LinearRegression } from 'linwasm';\nimport { fitInWorker } from 'linwasm/worker';\n${script(main)}`,
    );
  });

  it('works in the dev server, with no Vite setting (dependency pre-bundling included)', async () => {
    const dev = await createServer({
      root: app,
      configFile: false,
      logLevel: 'error',
      server: { host: '127.0.0.1', port: 0, strictPort: true },
    });
    try {
      await dev.listen();
      expectFitted(await visit(dev.resolvedUrls?.local[0] as string));
    } finally {
      await dev.close();
    }
  });

  it('works in a production build, with no Vite setting; the WASM is embedded once, not in the worker', async () => {
    await build({ root: app, configFile: false, logLevel: 'error', build: { outDir: 'dist', target: 'es2022' } });
    const files = outputOf(join(app, 'dist'));
    output.embedded = files;
    expect(files.filter((f) => f.kind === 'worker')).toHaveLength(1);
    // The core's bytes are in one file, the page's; the worker instantiates the module the page posts. The
    // shared-memory build is a chunk of its own, loaded only when a thread pool starts: the harness serves the
    // page cross-origin isolated (COOP/COEP), so init() starts one, and the fits below run on it. The two
    // relaxed-SIMD builds are chunks too, loaded only by init({ relaxedSimd: true }): this page never asks.
    const embedding = files.filter((f) => f.embedsWasm);
    expect(embedding.map((f) => f.kind).sort()).toEqual(['chunk', 'chunk', 'chunk', 'main']);
    const chunks = embedding.filter((f) => f.kind === 'chunk');
    const isRelaxed = (f: OutputFile) => /^binary-(threads-)?relaxed-/.test(f.name);
    const threaded = chunks.find((f) => f.name.startsWith('binary-threads-') && !isRelaxed(f)) as OutputFile;
    const relaxed = chunks.filter(isRelaxed);
    expect(threaded).toBeDefined();
    expect(relaxed).toHaveLength(2);
    const server = await serve(join(app, 'dist'));
    try {
      const result = await visit(server.url);
      expectFitted(result);
      expect(result.requests.filter((r) => r.endsWith('.wasm'))).toEqual([]);
      expect(result.requests.filter((r) => r.includes(threaded.name))).toHaveLength(1);
      expect(result.requests.filter((r) => relaxed.some((f) => r.includes(f.name)))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('a Vite application that serves the .wasm itself (linwasm/slim)', () => {
  const app = join(consumers.library, 'vite-slim');

  beforeAll(() => {
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'index.html'), `${HEAD}<script type="module" src="./main.js"></script>\n`);
    const main = `${DATA}
      await init(fetch(wasmUrl));
      const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
      const there = await fitInWorker(X, y, { solver: 'batch', seed: 1 });
      return { coef: Array.from(model.coef), workerR2: there.score(X, y), sameClass: there instanceof LinearRegression };`;
    writeFileSync(
      join(app, 'main.js'),
      "import { init, LinearRegression } from 'linwasm/slim';\nimport { fitInWorker } from 'linwasm/worker';\n" +
        `import wasmUrl from 'linwasm/wasm?url';\n${script(main)}`,
    );
  });

  it('builds with no Vite setting: the .wasm is an asset fetched once, and no chunk the page loads embeds it', async () => {
    await build({ root: app, configFile: false, logLevel: 'error', build: { outDir: 'dist', target: 'es2022' } });
    const files = outputOf(join(app, 'dist'));
    output.slim = files;
    expect(files.filter((f) => f.kind === 'wasm')).toHaveLength(1);
    expect(files.filter((f) => f.kind === 'main' || f.kind === 'worker').every((f) => !f.embedsWasm)).toBe(true);
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'vite-output.json'), `${JSON.stringify(output, null, 2)}\n`);
    const server = await serve(join(app, 'dist'));
    try {
      const result = await visit(server.url);
      expectFitted(result);
      expect(result.requests.filter((r) => r.endsWith('.wasm'))).toHaveLength(1);
      // What fitInWorker loads only for a page that never called init (the embedded core) stays unloaded.
      const embedding = files.filter((f) => f.embedsWasm).map((f) => `/assets/${f.name}`);
      expect(result.requests.filter((r) => embedding.includes(r))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('a plain HTML page on the package’s browser build (no bundler)', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  const site = join(consumers.library, 'static');

  beforeAll(async () => {
    const pkg = join(consumers.library, 'node_modules/linwasm');
    cpSync(join(pkg, 'dist/browser/'), site, { recursive: true });
    cpSync(join(pkg, 'build/linwasm.wasm'), join(site, 'linwasm.wasm'));
    const embedded = `const { init, LinearRegression } = await import('./linwasm.js');
      const { fitInWorker } = await import('./worker.js');
      ${DATA}
      await init();
      const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
      const there = await fitInWorker(X, y, { solver: 'batch', seed: 1 });
      return { coef: Array.from(model.coef), workerR2: there.score(X, y), sameClass: there instanceof LinearRegression };`;
    const fetched = `const { init, LinearRegression } = await import('./linwasm.js');
      ${DATA}
      await init(fetch('./linwasm.wasm'));
      const there = new LinearRegression({ solver: 'batch', seed: 1 }).fit(X, y);
      return { coef: Array.from(new LinearRegression({ solver: 'exact' }).fit(X, y).coef), workerR2: there.score(X, y), sameClass: true };`;
    const slim = `const { init, LinearRegression } = await import('./slim.js');
      const { fitInWorker } = await import('./worker.js');
      ${DATA}
      await init(fetch('./linwasm.wasm'));
      const model = new LinearRegression({ solver: 'exact' }).fit(X, y);
      const there = await fitInWorker(X, y, { solver: 'batch', seed: 1 });
      return { coef: Array.from(model.coef), workerR2: there.score(X, y), sameClass: there instanceof LinearRegression };`;
    writeFileSync(join(site, 'embedded.html'), `${HEAD}<script type="module">${script(embedded)}</script>`);
    writeFileSync(join(site, 'fetched.html'), `${HEAD}<script type="module">${script(fetched)}</script>`);
    writeFileSync(join(site, 'slim.html'), `${HEAD}<script type="module">${script(slim)}</script>`);
    server = await serve(site);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('imports linwasm.js and worker.js from a static folder; nothing else is fetched', async () => {
    const visit_ = await visit(`${server.url}embedded.html`);
    expectFitted(visit_);
    expect(visit_.requests.filter((r) => r.endsWith('.wasm'))).toEqual([]);
  });

  it('initializes from the raw .wasm fetched by the page', async () => {
    const visit_ = await visit(`${server.url}fetched.html`);
    expectFitted(visit_);
    expect(visit_.requests).toContain('/linwasm.wasm');
  });

  it('slim.js and worker.js with the .wasm fetched once: the embedded copy is neither loaded nor in the worker', async () => {
    const visit_ = await visit(`${server.url}slim.html`);
    expectFitted(visit_);
    expect(visit_.requests.filter((r) => r.endsWith('.wasm'))).toEqual(['/linwasm.wasm']);
    expect(visit_.requests).toContain('/linwasm-worker.js');
    expect(visit_.requests).not.toContain('/linwasm-wasm.js');
    expect(embedsWasm(readFileSync(join(site, 'linwasm-worker.js'), 'latin1'))).toBe(false);
    expect(embedsWasm(readFileSync(join(site, 'linwasm-wasm.js'), 'latin1'))).toBe(true);
  });
});
