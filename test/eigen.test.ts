// The Jacobi eigen solver and the efficient leave-one-out of ridge regression behind ridgeCV: the
// WASM core against its pure-JS twin (bit for bit in float64), the eigendecomposition against its
// definition, and the leave-one-out residuals against refitting without each row (Householder QR,
// test/helpers.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import * as js from '../src/engine/js/index.js';
import { arena } from '../src/engine/wasm/arena.js';
import { init } from '../src/engine/wasm/embedded.js';
import { wasmEngine } from '../src/engine/wasm/engine.js';
import { core } from '../src/engine/wasm/module.js';
import { flat, leastSquares, normal, relDiff } from './helpers.js';

beforeAll(async () => {
  await init();
});

const FEATURES = [1, 2, 3, 5, 17, 67];

/** A symmetric matrix: a Gram matrix BᵀB (positive semidefinite, rank ≤ rows) or an indefinite one. */
function symmetric(d: number, kind: 'gram' | 'indefinite' | 'rank-deficient', seed: number): Float64Array {
  const g = normal(seed + d);
  const A = new Float64Array(d * d);
  if (kind === 'indefinite') {
    for (let j = 0; j < d; j++) for (let k = j; k < d; k++) A[j * d + k] = A[k * d + j] = g() * (j === k ? 5 : 1);
    return A;
  }
  const rows = kind === 'gram' ? d + 5 : Math.max(1, d >> 1);
  const B = Array.from({ length: rows }, () => Array.from({ length: d }, () => g()));
  for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) for (const r of B) A[j * d + k] += r[j] * r[k];
  return A;
}

function wasmEigen(A: Float64Array, d: number): { sweeps: number; V: Float64Array; eig: Float64Array } {
  const a = arena();
  const mark = a.mark();
  try {
    const aPtr = a.alloc(d * d * 8);
    a.f64(aPtr, d * d).set(A);
    const vPtr = a.alloc(d * d * 8);
    const eigPtr = a.alloc(d * 8);
    const sweeps = core().jacobiEigen(aPtr, d, vPtr, eigPtr, 100);
    return { sweeps, V: a.f64(vPtr, d * d).slice(), eig: a.f64(eigPtr, d).slice() };
  } finally {
    a.release(mark);
  }
}

describe.each(['gram', 'indefinite', 'rank-deficient'] as const)('jacobiEigen, %s', (kind) => {
  it.each(FEATURES)('d=%i: WASM equals the JS twin bit for bit, and A = Vᵀ·diag(λ)·V', (d) => {
    const A = symmetric(d, kind, 3);
    const got = wasmEigen(A, d);
    const V = new Float64Array(d * d);
    const eig = new Float64Array(d);
    const sweeps = js.jacobiEigen(A.slice(), d, V, eig, 100);
    expect(got.sweeps).toBe(sweeps);
    expect(sweeps).toBeGreaterThan(0);
    expect(sweeps).toBeLessThan(20);
    expect(Array.from(got.eig)).toEqual(Array.from(eig));
    expect(Array.from(got.V)).toEqual(Array.from(V));
    let scale = 0;
    for (const v of A) scale = Math.max(scale, Math.abs(v));
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < d; k++) {
        let back = 0;
        let identity = 0;
        for (let m = 0; m < d; m++) {
          back += V[m * d + j] * eig[m] * V[m * d + k];
          identity += V[j * d + m] * V[k * d + m];
        }
        expect(Math.abs(back - A[j * d + k])).toBeLessThan(1e-12 * scale * d);
        expect(Math.abs(identity - (j === k ? 1 : 0))).toBeLessThan(1e-13 * d);
      }
    }
    if (kind !== 'indefinite') for (const l of eig) expect(l).toBeGreaterThan(-1e-12 * scale * d);
  });
});

describe('ridgeLoo', () => {
  const shapes = [
    [40, 1],
    [40, 3],
    [25, 17],
    [12, 30],
  ] as const;
  const alphas = Float64Array.from([1e-3, 0.1, 1, 30]);

  it.each(FEATURES.flatMap((d) => [true, false].map((center) => [d, center] as const)))(
    'kernel d=%i center=%s: WASM equals the JS twin bit for bit on the same inputs',
    (d, center) => {
      const n = 23;
      const g = normal(5 * d + 1);
      const X = Float64Array.from({ length: n * d }, () => g());
      const y = Float64Array.from({ length: n }, () => g());
      const { A, c, means } = js.gram(X, y, n, d, center);
      const V = new Float64Array(d * d);
      const eig = new Float64Array(d);
      js.jacobiEigen(A, d, V, eig, 100);
      const expected = js.ridgeLoo(X, y, n, d, center, means, c, V, eig, alphas);
      const a = arena();
      const mark = a.mark();
      try {
        const put = (v: Float64Array) => {
          const ptr = a.alloc(v.length * 8);
          a.f64(ptr, v.length).set(v);
          return ptr;
        };
        const [xPtr, yPtr, meanPtr, cPtr, vPtr, eigPtr, alphasPtr] = [X, y, means, c, V, eig, alphas].map(put);
        const scratch = [d, d, d, d, alphas.length * d].map((k) => a.alloc(k * 8));
        const outPtr = a.alloc(alphas.length * n * 8);
        core().ridgeLooF64(
          xPtr,
          yPtr,
          n,
          d,
          center,
          meanPtr,
          cPtr,
          vPtr,
          eigPtr,
          alphasPtr,
          alphas.length,
          scratch[0],
          scratch[1],
          scratch[2],
          scratch[3],
          scratch[4],
          outPtr,
        );
        expect(Array.from(a.f64(outPtr, alphas.length * n))).toEqual(Array.from(expected));
      } finally {
        a.release(mark);
      }
    },
  );

  it.each(shapes)('n=%i d=%i: each residual equals refitting without the row (QR), both engines', (n, d) => {
    const g = normal(n * 7 + d);
    const X = Array.from({ length: n }, () => Array.from({ length: d }, () => g() * 2 + 1));
    const y = X.map((r) => r.reduce((s, v, j) => s + v * ((j % 3) - 1), 0.5) + 0.3 * g());
    for (const fitIntercept of [true, false]) {
      const run = (engine: typeof wasmEngine) => {
        const problem = engine.storeProblem(flat(X), Float64Array.from(y), 'float64');
        try {
          return problem.ridgeLoo(alphas, fitIntercept);
        } finally {
          problem.dispose();
        }
      };
      const got = run(wasmEngine);
      const twin = run(js.jsEngine);
      expect(got).not.toBeNull();
      // The engines' Gram matrices sum rows in different blocks (test/kernels.test.ts: 1e-12), which the
      // wide case's small eigenvalues amplify.
      expect(relDiff(got as Float64Array, twin as Float64Array)).toBeLessThan(1e-9);
      alphas.forEach((alpha, a) => {
        const expected = X.map((row, i) => {
          const Xi = X.filter((_, k) => k !== i);
          const yi = y.filter((_, k) => k !== i);
          // Σ r² + α‖w‖² over n − 1 rows is linwasm's objective with l2 = α/(n − 1).
          const fit = leastSquares(Xi, yi, { l2: alpha / (n - 1), fitIntercept });
          return y[i] - row.reduce((s, v, j) => s + v * fit.w[j], fit.b);
        });
        const residuals = (got as Float64Array).subarray(a * n, (a + 1) * n);
        expect(relDiff(residuals, expected), `alpha ${alpha} fitIntercept ${fitIntercept}`).toBeLessThan(1e-9);
      });
    }
  });

  it('float32 data: the residuals of the data rounded to float32', () => {
    const n = 30;
    const d = 4;
    const g = normal(99);
    const X32 = Float32Array.from({ length: n * d }, () => g());
    const y = Float64Array.from({ length: n }, () => g());
    const m = { data: X32, rows: n, cols: d };
    const f32 = wasmEngine.storeProblem(m, y, 'float32');
    const f64 = wasmEngine.storeProblem({ data: Float64Array.from(X32), rows: n, cols: d }, y, 'float64');
    try {
      expect(
        relDiff(f32.ridgeLoo(alphas, true) as Float64Array, f64.ridgeLoo(alphas, true) as Float64Array),
      ).toBeLessThan(1e-12);
    } finally {
      f64.dispose();
      f32.dispose();
    }
  });
});
