// Averaged SGD: the model is the plain mean of the iterates after each step since averaging began
// (what scikit-learn's average=True returns without an L1 penalty). On a one-row problem (x = 1,
// y = 1) the iterates follow w ← w − 2η·(w − 1), computed here.
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression } from '../src/index.js';
import { loadCsv } from './node-helpers.js';

beforeAll(async () => {
  await init();
});

const ONE_ROW = { solver: 'sgd', schedule: 'constant', standardize: false, shuffle: false, tolerance: null } as const;

/** w after steps 1 … steps (index t − 1), from w = b = 0, fitting an intercept: x = 1 feeds both. */
function iterates(steps: number, eta: number): { w: number[]; b: number[] } {
  const w: number[] = [];
  const b: number[] = [];
  let wt = 0;
  let bt = 0;
  for (let t = 1; t <= steps; t++) {
    const r = wt + bt - 1;
    wt -= 2 * eta * r;
    bt -= 2 * eta * r;
    w.push(wt);
    b.push(bt);
  }
  return { w, b };
}

const mean = (v: number[]) => v.reduce((a, x) => a + x, 0) / v.length;

describe.each([
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const)('%s averaged SGD', (_name, Model) => {
  it.each([
    [true, 1],
    [1, 1],
    [4, 4],
  ] as const)('average: %s averages the iterates from epoch %s on', (average, from) => {
    const steps = 10;
    const model = new Model({ ...ONE_ROW, maxEpochs: steps, learningRate: 0.05, average }).fit([[1]], [1]);
    const { w, b } = iterates(steps, 0.05);
    expect(model.coef[0]).toBeCloseTo(mean(w.slice(from - 1)), 12);
    expect(model.intercept).toBeCloseTo(mean(b.slice(from - 1)), 12);
    // Not the last iterate: the check can tell the two apart.
    expect(Math.abs(model.coef[0] - w[steps - 1])).toBeGreaterThan(1e-3);
  });

  it('smooths a constant step: the average beats the last iterate on noisy data', () => {
    const { X, y } = loadCsv('diabetes');
    const options = {
      solver: 'sgd',
      schedule: 'constant',
      learningRate: 0.02,
      maxEpochs: 50,
      tolerance: null,
    } as const;
    let better = 0;
    for (let seed = 0; seed < 5; seed++) {
      const last = new Model({ ...options, seed }).fit(X, y).score(X, y);
      const averaged = new Model({ ...options, seed, average: 10 }).fit(X, y).score(X, y);
      if (averaged > last) better++;
    }
    expect(better).toBeGreaterThanOrEqual(4);
  });
});
