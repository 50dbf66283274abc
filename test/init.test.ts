// init(): compiles once, accepts other sources, and explains what is missing.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { synthetic } from './helpers.js';

const d = synthetic(50, 3, { seed: 1 });

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('init', () => {
  it('is required before use, with a message that says so', async () => {
    const { LinearRegression } = await import('../src/index.js');
    expect(() => new LinearRegression().fit(d.X, d.y)).toThrow(/not initialized: call `await init\(\)`/);
  });

  it('is idempotent and needs no path (the WASM is embedded)', async () => {
    const { init, LinearRegression } = await import('../src/index.js');
    await Promise.all([init(), init()]);
    await init();
    expect(new LinearRegression({ solver: 'exact' }).fit(d.X, d.y).score(d.X, d.y)).toBeGreaterThan(0.9);
  });

  it('accepts the raw .wasm bytes, a compiled module, or a fetch Response', async () => {
    const bytes = readFileSync(new URL('../build/linwasm.wasm', import.meta.url));
    for (const source of [
      bytes,
      await WebAssembly.compile(bytes),
      new Response(bytes, { headers: { 'content-type': 'application/wasm' } }),
    ]) {
      vi.resetModules();
      const { init, LinearRegression } = await import('../src/index.js');
      await init(source);
      expect(new LinearRegression({ solver: 'exact' }).fit(d.X, d.y).coef).toHaveLength(3);
    }
  });

  it('rejects clearly where WebAssembly SIMD is unavailable, and can be retried', async () => {
    const { init, LinearRegression } = await import('../src/index.js');
    const spy = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    await expect(init()).rejects.toThrow(/needs WebAssembly SIMD/);
    spy.mockRestore();
    await init();
    expect(new LinearRegression({ solver: 'exact' }).fit(d.X, d.y).coef).toHaveLength(3);
  });

  it('an AssemblyScript abort (debug build) surfaces as a readable Error with file and line', async () => {
    const { init } = await import('../src/index.js');
    const { core } = await import('../src/engine/wasm/module.js');
    await init(readFileSync(new URL('../build/linwasm.debug.wasm', import.meta.url)));
    expect(() => core().matvecF64(0, 1, 0, 0, 0, 0)).toThrow(
      /abort: matvec: needs n >= 0 rows and d >= 1 features at assembly\/kernels\/matvec\.ts:\d+:\d+/,
    );
  });

  it('linwasm/slim embeds nothing: it needs a source, says so, then works like the main entry and shares its instance', async () => {
    const slim = await import('../src/slim.js');
    await expect((slim.init as (source?: unknown) => Promise<void>)()).rejects.toThrow(
      /linwasm\/slim carries no WebAssembly: call init\(source\)/,
    );
    expect(() => new slim.LinearRegression().fit(d.X, d.y)).toThrow(/not initialized/);
    await slim.init(readFileSync(new URL('../build/linwasm.wasm', import.meta.url)));
    const main = await import('../src/index.js');
    expect(main.LinearRegression).toBe(slim.LinearRegression);
    expect(main.wasmModule()).toBe(slim.wasmModule());
    await main.init(); // already initialized from the slim entry's source: nothing to compile
    expect(new main.LinearRegression({ solver: 'exact' }).fit(d.X, d.y).score(d.X, d.y)).toBeGreaterThan(0.9);
  });

  it('reports a failed fetch', async () => {
    const { init } = await import('../src/index.js');
    await expect(init(new Response('nope', { status: 404 }))).rejects.toThrow(/could not load its WASM: HTTP 404/);
  });
});
