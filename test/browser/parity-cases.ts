// The fits compared bit for bit between Node and Chromium: every solver in both dtypes on the same
// seeded data, options and shuffle seed. Runs on both sides (browser-safe). The data uses only
// integer operations and divisions (no Math.log/cos, whose last bit may differ between V8
// versions), so both sides start from the same bits and any difference is linwasm's.
import { init, LinearRegression } from '../../src/index.js';
import { random } from '../helpers.js';

const SOLVERS = ['batch', 'sgd', 'minibatch', 'exact'] as const;
const DTYPES = ['float64', 'float32'] as const;

/** Bit patterns (hex of each float64) of what a fit produces. */
export interface FitBits {
  coef: string[];
  intercept: string;
  history: string[];
  predictions: string[];
}

/** The fits, keyed `solver/dtype`. */
export type Fits = Record<string, FitBits>;

/** Every solver × dtype; 203 rows (not a multiple of the batch size) × 7 features (SIMD tails). */
export async function fitAll(): Promise<Fits> {
  await init({ threads: 4 });
  const { X, y } = data(203, 7);
  const fits: Fits = {};
  for (const solver of SOLVERS) {
    for (const dtype of DTYPES) {
      const batch = solver === 'minibatch' ? { batchSize: 16 } : {};
      const options = { solver, dtype, seed: 20240607, maxEpochs: 40, l2: 0.01, ...batch };
      const model = new LinearRegression(options).fit(X, y);
      fits[`${solver}/${dtype}`] = bits(model, X);
    }
  }
  // Threads: 3 000 rows × 67 features make 4 row blocks in float32, 7 in float64; the batch gradient, the
  // column statistics of standardization, the exact solver's Gram matrix, large mini-batch steps and the
  // general trainer's steps and validation loss run on 1, 2 and 4 threads
  // of the pool (where there is one: Node, a cross-origin isolated page), with the same bits.
  const wide = data(3000, 67);
  for (const threads of [1, 2, 4]) {
    for (const dtype of DTYPES) {
      const options = { solver: 'batch', dtype, seed: 20240607, maxEpochs: 25, tolerance: null, threads } as const;
      const model = new LinearRegression(options).fit(wide.X, wide.y);
      fits[`batch ${threads} threads/${dtype}`] = bits(model, wide.X);
      const exact = new LinearRegression({ solver: 'exact', dtype, l2: 0.01, threads }).fit(wide.X, wide.y);
      fits[`exact ${threads} threads/${dtype}`] = bits(exact, wide.X);
      // Mini-batch steps of 2 000 rows (5 blocks in float64, 3 in float32) and the general trainer's.
      const mini = { solver: 'minibatch', dtype, seed: 20240607, maxEpochs: 5, batchSize: 2000, threads } as const;
      fits[`minibatch ${threads} threads/${dtype}`] = bits(new LinearRegression(mini).fit(wide.X, wide.y), wide.X);
      const general = { ...mini, loss: 'huber', epsilon: 1, validationFraction: 0.2 } as const;
      fits[`general ${threads} threads/${dtype}`] = bits(new LinearRegression(general).fit(wide.X, wide.y), wide.X);
    }
  }
  // The general trainer: robust loss, schedules, L1, averaging, optimizers, validation, weights.
  const weights = y.map((_, i) => (i % 4) / 2);
  for (const [name, options] of Object.entries(GENERAL)) {
    for (const dtype of DTYPES) {
      const model = new LinearRegression({ dtype, seed: 20240607, maxEpochs: 30, ...options });
      model.fit(X, y, name.includes('weights') ? weights : {});
      fits[`${name}/${dtype}`] = bits(model, X);
    }
  }
  return fits;
}

const GENERAL = {
  'sgd huber invscaling l1 average': {
    solver: 'sgd',
    loss: 'huber',
    epsilon: 0.5,
    schedule: 'invscaling',
    learningRate: 0.02,
    l1: 0.01,
    average: true,
  },
  'minibatch adam validation': {
    solver: 'minibatch',
    batchSize: 16,
    optimizer: 'adam',
    learningRate: 0.05,
    validationFraction: 0.2,
  },
  'sgd nesterov epsilonInsensitive weights': {
    solver: 'sgd',
    optimizer: 'momentum',
    nesterov: true,
    loss: 'epsilonInsensitive',
    epsilon: 0.1,
  },
  'batch adaptive elasticnet weights': { solver: 'batch', schedule: 'adaptive', alpha: 0.01, l1Ratio: 0.5 },
} as const;

function bits(model: LinearRegression, X: number[][]): FitBits {
  return {
    coef: hex(model.coef),
    intercept: hex([model.intercept])[0],
    history: hex(model.history),
    predictions: hex(model.predict(X.slice(0, 25))),
  };
}

/** Differences between two sets of fits, as readable lines (empty when bitwise identical). */
export function compareFits(actual: Fits, expected: Fits): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  for (const key of keys) {
    const a = actual[key];
    const e = expected[key];
    if (!a || !e) {
      out.push(`${key}: missing on one side`);
      continue;
    }
    for (const field of ['coef', 'intercept', 'history', 'predictions'] as const) {
      const av = ([] as string[]).concat(a[field]);
      const ev = ([] as string[]).concat(e[field]);
      if (av.length !== ev.length) out.push(`${key} ${field}: ${av.length} values, expected ${ev.length}`);
      const i = av.findIndex((v, k) => v !== ev[k]);
      if (i >= 0) out.push(`${key} ${field}[${i}]: ${av[i]}, expected ${ev[i]}`);
    }
  }
  return out;
}

/** Each value's IEEE-754 float64 bits as 16 hex digits (−0, NaN payloads and the last ulp included). */
export function hex(values: ArrayLike<number>): string[] {
  const bits = new BigUint64Array(Float64Array.from(values).buffer);
  return Array.from(bits, (b) => b.toString(16).padStart(16, '0'));
}

/** Uniform features of different scales and offsets, y linear in them plus uniform noise. */
function data(n: number, d: number): { X: number[][]; y: number[] } {
  const u = random(97);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, (_, j) => (u() - 0.5) * (j + 1) + j / 4);
    X.push(row);
    y.push(row.reduce((s, x, j) => s + x * ((j % 3) - 1.25), 0.75) + (u() - 0.5) / 5);
  }
  return { X, y };
}
