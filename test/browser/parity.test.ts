// Same data, options and seed ⇒ the same bits in Chromium and in Node, for every solver in both
// dtypes: coefficients, intercept, loss history and predictions. Each direction computes on one
// side and compares on the other.
import { expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { poolThreads } from '../../src/engine/wasm/threads.js';
import { compareFits, type Fits, fitAll } from './parity-cases.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Fits the parity cases in Node and compares them there with these; returns the differences. */
    compareWithNode: (fits: Fits) => Promise<string[]>;
  }
}

it('runs in Chromium, not in Node, on a cross-origin isolated page with a pool of threads', async () => {
  expect(navigator.userAgent).toMatch(/Chrome\//);
  expect(typeof (globalThis as { process?: unknown }).process).toBe('undefined');
  expect((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated).toBe(true);
  await fitAll();
  expect(poolThreads()).toBe(4);
});

it('Chromium reproduces the fits computed in Node, bit for bit (compared in Chromium)', async () => {
  const fromNode = inject('nodeFits');
  // 4 solvers, the batch, exact, mini-batch solvers and a general trainer on 1, 2 and 4 threads, and 4
  // general-trainer configurations, each in 2 dtypes.
  // Node runs the threaded fits on its pool, this page (cross-origin isolated: vitest.config.ts sends COOP/COEP)
  // on Chromium's Web Workers: the same bits.
  expect(Object.keys(fromNode)).toHaveLength(40);
  expect(compareFits(await fitAll(), fromNode)).toEqual([]);
});

it('Node reproduces the fits computed in Chromium, bit for bit (compared in Node)', async () => {
  expect(await commands.compareWithNode(await fitAll())).toEqual([]);
});

it('the comparison sees a difference in the last bit', async () => {
  const fits = await fitAll();
  const changed = structuredClone(fits);
  const last = BigInt(`0x${changed['sgd/float32'].coef[3]}`) ^ 1n;
  changed['sgd/float32'].coef[3] = last.toString(16).padStart(16, '0');
  expect(compareFits(changed, fits)).toEqual([expect.stringMatching(/^sgd\/float32 coef\[3\]: /)]);
});
