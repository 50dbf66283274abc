// Sample weights: the objective is (1/n)·Σ s_i·r_i² + l2·‖w‖², n the number of rows (not Σs_i; see docs/learning-controls.md). The references
// are independent of the code under test: integer weights against duplicated rows (Householder QR in
// helpers.ts), zero weights against dropped rows, and ridge against the weighted normal equations
// solved here by Gaussian elimination with partial pivoting.
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression } from '../src/index.js';
import { leastSquares, random, relDiff, synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const ENGINES = [
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const;
const DTYPES = ['float64', 'float32'] as const;

// Features of different scales and offsets; a second set through the origin for fitIntercept: false.
const withOffsets = synthetic(60, 3, { seed: 31, noise: 0.4, scale: [1, 10, 0.1], shift: [2, -5, 0] });
const throughOrigin = synthetic(60, 3, { seed: 32, noise: 0.4, scale: [1, 10, 0.1], b: 0 });

/** Integer weights 0 … 3 (some zeros), from the test's own generator. */
function integerWeights(n: number, seed: number): number[] {
  const u = random(seed);
  const s = Array.from({ length: n }, () => Math.floor(u() * 4));
  s[0] = 0;
  s[1] = 3;
  return s;
}

/** Each row repeated s_i times. */
function duplicate(X: number[][], y: number[], s: number[]): { X: number[][]; y: number[] } {
  const Xd: number[][] = [];
  const yd: number[] = [];
  for (let i = 0; i < X.length; i++) {
    for (let k = 0; k < s[i]; k++) {
      Xd.push(X[i]);
      yd.push(y[i]);
    }
  }
  return { X: Xd, y: yd };
}

/**
 * The minimizer of (1/n)·Σ s_i (x_i·w + b − y_i)² + l2·‖w‖² (b unpenalized), from the normal
 * equations (Σ s_i z_i z_iᵀ + n·l2·I′)θ = Σ s_i z_i y_i, z = [x 1], by Gaussian elimination.
 */
function weightedRidge(
  X: number[][],
  y: number[],
  s: ArrayLike<number>,
  { l2 = 0, fitIntercept = true } = {},
): { w: number[]; b: number } {
  const n = X.length;
  const d = X[0].length;
  const p = d + (fitIntercept ? 1 : 0);
  const A = Array.from({ length: p }, () => new Array(p + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const z = fitIntercept ? [...X[i], 1] : X[i];
    for (let a = 0; a < p; a++) {
      for (let c = 0; c < p; c++) A[a][c] += s[i] * z[a] * z[c];
      A[a][p] += s[i] * z[a] * y[i];
    }
  }
  for (let j = 0; j < d; j++) A[j][j] += n * l2;
  for (let k = 0; k < p; k++) {
    let pivot = k;
    for (let r = k + 1; r < p; r++) if (Math.abs(A[r][k]) > Math.abs(A[pivot][k])) pivot = r;
    [A[k], A[pivot]] = [A[pivot], A[k]];
    for (let r = k + 1; r < p; r++) {
      const f = A[r][k] / A[k][k];
      for (let c = k; c <= p; c++) A[r][c] -= f * A[k][c];
    }
  }
  const x = new Array(p).fill(0);
  for (let k = p - 1; k >= 0; k--) {
    let sum = A[k][p];
    for (let c = k + 1; c < p; c++) sum -= A[k][c] * x[c];
    x[k] = sum / A[k][k];
  }
  return { w: x.slice(0, d), b: fitIntercept ? x[d] : 0 };
}

/** (1/n)·Σ s_i (x_i·w + b − y_i)² + l2·‖w‖². */
function weightedObjective(
  X: number[][],
  y: number[],
  s: ArrayLike<number>,
  w: ArrayLike<number>,
  b: number,
  l2 = 0,
): number {
  let sum = 0;
  for (let i = 0; i < X.length; i++) {
    let p = b;
    for (let j = 0; j < w.length; j++) p += X[i][j] * w[j];
    sum += s[i] * (p - y[i]) ** 2;
  }
  let pen = 0;
  for (let j = 0; j < w.length; j++) pen += w[j] * w[j];
  return sum / X.length + l2 * pen;
}

const tolOf = (dtype: string) => (dtype === 'float64' ? 1e-9 : 2e-4);

function expectClose(m: { coef: Float64Array; intercept: number }, ref: { w: number[]; b: number }, tol: number): void {
  expect(relDiff(m.coef, ref.w)).toBeLessThan(tol);
  expect(Math.abs(m.intercept - ref.b)).toBeLessThan(tol * Math.max(1, Math.abs(ref.b)));
}

it('the reference solver agrees with QR least squares (unit weights, with and without ridge)', () => {
  const ones = new Array(withOffsets.X.length).fill(1);
  for (const l2 of [0, 0.3]) {
    for (const fitIntercept of [true, false]) {
      const qr = leastSquares(withOffsets.X, withOffsets.y, { l2, fitIntercept });
      const ge = weightedRidge(withOffsets.X, withOffsets.y, ones, { l2, fitIntercept });
      expect(relDiff(ge.w, qr.w)).toBeLessThan(1e-10);
      expect(Math.abs(ge.b - qr.b)).toBeLessThan(1e-10);
    }
  }
});

describe.each(ENGINES)('%s, exact solver', (_name, Model) => {
  describe.each(DTYPES)('%s', (dtype) => {
    const tol = tolOf(dtype);
    for (const fitIntercept of [true, false]) {
      for (const standardize of [true, false]) {
        const label = `fitIntercept=${fitIntercept} standardize=${standardize}`;
        const data = fitIntercept ? withOffsets : throughOrigin;
        const s = integerWeights(data.X.length, 5);

        it(`integer weights equal duplicated rows (${label})`, () => {
          const dup = duplicate(data.X, data.y, s);
          const ref = leastSquares(dup.X, dup.y, { fitIntercept });
          const m = new Model({ solver: 'exact', dtype, fitIntercept, standardize }).fit(data.X, data.y, s);
          expectClose(m, ref, tol);
          if (!fitIntercept) expect(m.intercept).toBe(0);
          // And they are not the unweighted solution (the weights do something).
          const plain = leastSquares(data.X, data.y, { fitIntercept });
          expect(relDiff(m.coef, plain.w)).toBeGreaterThan(1e-3);
        });

        it(`zero weights equal dropping those rows (${label})`, () => {
          const zeros = data.X.map((_, i) => (i % 3 === 0 ? 0 : 1));
          const keep = (_: unknown, i: number) => zeros[i] !== 0;
          const ref = leastSquares(data.X.filter(keep), data.y.filter(keep), { fitIntercept });
          const m = new Model({ solver: 'exact', dtype, fitIntercept, standardize }).fit(data.X, data.y, zeros);
          expectClose(m, ref, tol);
        });
      }
    }

    for (const fitIntercept of [true, false]) {
      const data = fitIntercept ? withOffsets : throughOrigin;
      const s = integerWeights(data.X.length, 6).map((v) => v + 0.5);
      const l2 = 0.2;

      it(`ridge: (1/n)·Σ s_i r_i² + l2‖w‖², n the number of rows (fitIntercept=${fitIntercept})`, () => {
        const o = { solver: 'exact', dtype, fitIntercept, standardize: false, l2 } as const;
        const m = new Model(o).fit(data.X, data.y, s);
        expectClose(m, weightedRidge(data.X, data.y, s, { l2, fitIntercept }), tol);

        // Doubling every weight is the same as halving l2, and a different ridge solution.
        const s2 = s.map((v) => 2 * v);
        const doubled = new Model(o).fit(data.X, data.y, s2);
        expectClose(doubled, weightedRidge(data.X, data.y, s2, { l2, fitIntercept }), tol);
        expectClose(doubled, weightedRidge(data.X, data.y, s, { l2: l2 / 2, fitIntercept }), tol);
        expect(relDiff(doubled.coef, m.coef)).toBeGreaterThan(1e-3);

        // Zero weights keep n: the kept rows see l2·n/n_kept.
        const zeros = data.X.map((_, i) => (i % 4 === 0 ? 0 : 1));
        const kept = zeros.filter((v) => v > 0).length;
        const keep = (_: unknown, i: number) => zeros[i] !== 0;
        const dropped = leastSquares(data.X.filter(keep), data.y.filter(keep), {
          l2: (l2 * data.X.length) / kept,
          fitIntercept,
        });
        expectClose(new Model(o).fit(data.X, data.y, zeros), dropped, tol);
      });
    }

    it('with a penalty, integer weights equal repeated rows once divided by their mean (as the docs say)', () => {
      const s = integerWeights(withOffsets.X.length, 8);
      const l2 = 0.2;
      const dup = duplicate(withOffsets.X, withOffsets.y, s);
      const repeated = leastSquares(dup.X, dup.y, { l2 });
      const o = { solver: 'exact', dtype, l2, standardize: false } as const;
      const mean = s.reduce((a, v) => a + v, 0) / s.length;
      expectClose(
        new Model(o).fit(
          withOffsets.X,
          withOffsets.y,
          s.map((v) => v / mean),
        ),
        repeated,
        tol,
      );
      // As given, the weights are not the repeated rows: n stays the number of rows.
      const raw = new Model(o).fit(withOffsets.X, withOffsets.y, s);
      expect(relDiff(raw.coef, repeated.w)).toBeGreaterThan(1e-4);
    });

    it('unit weights give the unweighted solution', () => {
      const ones = new Float64Array(withOffsets.X.length).fill(1);
      const a = new Model({ solver: 'exact', dtype }).fit(withOffsets.X, withOffsets.y, ones);
      expectClose(a, leastSquares(withOffsets.X, withOffsets.y), tol);
    });
  });
});

describe.each(ENGINES)('%s, gradient solvers reach the weighted least-squares solution', (_name, Model) => {
  const data = synthetic(300, 4, { seed: 41, noise: 0.5, scale: [1, 5, 0.2, 2], shift: [1, 0, -3, 4] });
  const u = random(77);
  // Real-valued weights from 0 to 4, a fifth of them zero.
  const s = Float64Array.from(data.X, () => (u() < 0.2 ? 0 : 4 * u()));
  const ref = weightedRidge(data.X, data.y, s);
  const best = weightedObjective(data.X, data.y, s, ref.w, ref.b);
  const unweighted = leastSquares(data.X, data.y);
  const gapOf = (m: { coef: Float64Array; intercept: number }) =>
    (weightedObjective(data.X, data.y, s, m.coef, m.intercept) - best) / best;

  it('the weighted optimum is not the unweighted one (the check can fail)', () => {
    const gap = (weightedObjective(data.X, data.y, s, unweighted.w, unweighted.b) - best) / best;
    expect(gap).toBeGreaterThan(1e-3);
  });

  for (const dtype of DTYPES) {
    it(`batch (${dtype})`, () => {
      const m = new Model({ solver: 'batch', dtype, maxEpochs: 20_000, tolerance: 1e-13 }).fit(data.X, data.y, s);
      const gap = gapOf(m);
      expect(gap).toBeGreaterThanOrEqual(-1e-12);
      expect(gap).toBeLessThan(dtype === 'float64' ? 1e-6 : 1e-5);
    });

    it(`minibatch with invscaling (${dtype})`, () => {
      const m = new Model({
        solver: 'minibatch',
        batchSize: 16,
        schedule: 'invscaling',
        powerT: 0.5,
        learningRate: 0.05,
        dtype,
        seed: 3,
        maxEpochs: 300,
        tolerance: null,
      }).fit(data.X, data.y, s);
      expect(gapOf(m)).toBeGreaterThanOrEqual(-1e-12);
      // Far below the unweighted solution's gap (~1e-2): the weights are honoured, not just a fit.
      expect(gapOf(m)).toBeLessThan(1e-4);
    });

    it(`sgd with invscaling (${dtype})`, () => {
      const m = new Model({
        solver: 'sgd',
        schedule: 'invscaling',
        powerT: 0.5,
        learningRate: 0.02,
        dtype,
        seed: 3,
        maxEpochs: 200,
        tolerance: null,
      }).fit(data.X, data.y, { sampleWeight: s });
      expect(gapOf(m)).toBeGreaterThanOrEqual(-1e-12);
      expect(gapOf(m)).toBeLessThan(1e-4);
    });
  }
});

describe.each(ENGINES)('%s, call forms', (_name, Model) => {
  const data = synthetic(80, 3, { seed: 51, noise: 0.3 });
  const s = integerWeights(80, 9).map((v) => v + 0.25);

  for (const solver of ['exact', 'sgd', 'minibatch', 'batch'] as const) {
    it(`${solver}: an array, a Float64Array and { sampleWeight } give identical results`, () => {
      const options = { solver, seed: 12, maxEpochs: 30, tolerance: null } as const;
      const make = () =>
        new Model(solver === 'exact' ? { solver } : { ...options, batchSize: solver === 'minibatch' ? 8 : undefined });
      const a = make().fit(data.X, data.y, s);
      const b = make().fit(data.X, data.y, Float64Array.from(s));
      const c = make().fit(data.X, data.y, { sampleWeight: s });
      const epochs: number[] = [];
      const d = make().fit(data.X, data.y, {
        sampleWeight: Float64Array.from(s),
        onEpoch: (i) => void epochs.push(i.epoch),
      });
      for (const m of [b, c, d]) {
        expect(Array.from(m.coef)).toEqual(Array.from(a.coef));
        expect(m.intercept).toBe(a.intercept);
        expect(Array.from(m.history)).toEqual(Array.from(a.history));
      }
      if (solver !== 'exact') expect(epochs).toHaveLength(30);
      // And the weights changed the fit.
      const none = make().fit(data.X, data.y);
      expect(Array.from(none.coef)).not.toEqual(Array.from(a.coef));
    });
  }
});

describe.each(ENGINES)('%s, bad sample weights', (_name, Model) => {
  const data = synthetic(10, 2, { seed: 61 });
  const ones = () => new Array(10).fill(1);
  const withValue = (i: number, v: number) => {
    const s = ones();
    s[i] = v;
    return s;
  };
  const cases: [string, unknown, RegExp][] = [
    ['too short', [1, 1, 1], /sampleWeight has 3 entries, but X has 10 rows/],
    ['too long', new Float64Array(11).fill(1), /sampleWeight has 11 entries, but X has 10 rows/],
    ['negative', withValue(4, -1), /sampleWeight\[4\] must be a finite number ≥ 0, got number -1/],
    ['NaN', withValue(7, Number.NaN), /sampleWeight\[7\] is NaN/],
    ['Infinity', withValue(2, Number.POSITIVE_INFINITY), /sampleWeight\[2\] is Infinity/],
    ['-Infinity', Float64Array.from(withValue(9, Number.NEGATIVE_INFINITY)), /sampleWeight\[9\] is -Infinity/],
    ['all zeros', new Array(10).fill(0), /sampleWeight is all zeros/],
  ];
  for (const solver of ['exact', 'sgd'] as const) {
    it.each(cases)(`${solver}: %s → RangeError naming sampleWeight, the model unchanged`, (_label, s, message) => {
      const m = new Model({ solver, seed: 1, maxEpochs: 20 }).fit(data.X, data.y);
      const coef = m.coef;
      const intercept = m.intercept;
      const prediction = m.predict(data.X);
      for (const form of [s, { sampleWeight: s }]) {
        let error: unknown;
        try {
          m.fit(data.X, data.y, form as number[]);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(RangeError);
        expect((error as Error).message).toMatch(message);
      }
      expect(coef.every((v, j) => Object.is(v, m.coef[j]))).toBe(true);
      expect(Object.is(m.intercept, intercept)).toBe(true);
      expect(Array.from(m.predict(data.X))).toEqual(Array.from(prediction));
      // An unfitted model stays unfitted.
      const fresh = new Model({ solver });
      expect(() => fresh.fit(data.X, data.y, s as number[])).toThrow(RangeError);
      expect(fresh.isFitted).toBe(false);
    });
  }

  it('a string weight is a TypeError naming the entry', () => {
    const s: unknown[] = ones();
    s[3] = '1';
    expect(() => new Model({ solver: 'exact' }).fit(data.X, data.y, s as number[])).toThrow(TypeError);
    expect(() => new Model({ solver: 'exact' }).fit(data.X, data.y, s as number[])).toThrow(/sampleWeight\[3\]/);
  });
});
