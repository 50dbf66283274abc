// The short-row float32 gradient pass (assembly/kernels/gradient-short.ts: rows of at most 8 float32 in order,
// its sums in locals) equals, bit for bit, the general pass it replaces for those rows (dot2, axpy2, dot, axpy
// and the 32-row float32 blocks), which gradientF32 still runs for rows visited through an index: the identity
// index gives the general pass on the same rows in the same order. Every d of the short path (tails of 0–3
// columns, 0–2 whole vectors), row counts that leave an odd row in a block and blocks that start mid-X, with y
// and without it (the power iteration's y = 0); and the float64 JS reference within float32 round-off.
import { beforeAll, describe, expect, it } from 'vitest';
import { arena } from '../src/engine/wasm/arena.js';
import { init } from '../src/engine/wasm/embedded.js';
import { core } from '../src/engine/wasm/module.js';
import { normal } from './helpers.js';

beforeAll(async () => {
  await init({ threads: 1 });
});

const FEATURES = [1, 2, 3, 4, 5, 6, 7, 8];
// [start, end): one row, a pair, a block and one more, odd blocks, a start that is not a block boundary.
const RANGES = [
  [0, 1],
  [0, 2],
  [0, 33],
  [0, 64],
  [0, 101],
  [5, 70],
  [3, 4],
] as const;

interface Pass {
  g: Float64Array;
  loss: number;
  acc: Float32Array;
}

/** gradientF32 over rows start … end−1: in order (idx = false) or through the identity index. */
function pass(
  X: Float32Array,
  y: Float64Array | null,
  w: Float32Array,
  b: number,
  d: number,
  start: number,
  end: number,
  idx: boolean,
): Pass {
  const a = arena();
  const mark = a.mark();
  try {
    const n = X.length / d;
    const xPtr = a.alloc(X.byteLength);
    a.f32(xPtr, X.length).set(X);
    const yPtr = y ? a.alloc(y.byteLength) : 0;
    if (y) a.f64(yPtr, y.length).set(y);
    const wPtr = a.alloc(16 + w.byteLength);
    a.f32(wPtr, d).set(w);
    const idxPtr = idx ? a.alloc(4 * n) : 0;
    if (idx) a.u32(idxPtr, n).set(Uint32Array.from({ length: n }, (_, i) => i));
    const gPtr = a.alloc(8 * (d + 1));
    // g starts non-zero: the pass adds into it.
    a.f64(gPtr, d + 1).set(Float64Array.from({ length: d + 1 }, (_, j) => 0.25 * (j + 1)));
    const accPtr = a.alloc(16 + 4 * d);
    a.zero(accPtr, 4 * d);
    const loss = core().gradientF32(xPtr, yPtr, d, idxPtr, start, end, wPtr, b, gPtr, accPtr);
    return { g: a.f64(gPtr, d + 1).slice(), loss, acc: a.f32(accPtr, d).slice() };
  } finally {
    a.release(mark);
  }
}

describe.each(FEATURES)('the short float32 gradient pass, d = %i', (d) => {
  const n = 101;
  const g = normal(40 + d);
  const X = Float32Array.from({ length: n * d }, () => g());
  const y = Float64Array.from({ length: n }, () => 3 * g());
  const w = Float32Array.from({ length: d }, () => 0.5 * g());

  it.each(RANGES)('rows %i … %i: the bits of the general pass, with y and with y = 0', (start, end) => {
    for (const target of [y, null]) {
      const short = pass(X, target, w, 0.75, d, start, end, false);
      const general = pass(X, target, w, 0.75, d, start, end, true);
      expect(short.loss).toBe(general.loss);
      expect(Array.from(short.g)).toEqual(Array.from(general.g));
      // The accumulator is left zeroed, as the kernel's contract says.
      expect(Array.from(short.acc)).toEqual(new Array(d).fill(0));
    }
  });

  it('within float32 round-off of the float64 sums', () => {
    const { g: got, loss } = pass(X, y, w, 0.75, d, 0, n, false);
    const expected = new Float64Array(d + 1).map((_, j) => 0.25 * (j + 1));
    let expectedLoss = 0;
    for (let i = 0; i < n; i++) {
      let s = 0.75 - y[i];
      for (let j = 0; j < d; j++) s += X[i * d + j] * w[j];
      expectedLoss += s * s;
      for (let j = 0; j < d; j++) expected[j] += s * X[i * d + j];
      expected[d] += s;
    }
    expect(Math.abs(loss - expectedLoss) / expectedLoss).toBeLessThan(1e-6);
    const scale = Math.max(...expected.map(Math.abs));
    for (let j = 0; j <= d; j++) expect(Math.abs(got[j] - expected[j]) / scale).toBeLessThan(1e-5);
  });
});
