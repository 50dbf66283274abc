// The datasets the page offers without a file: the bundled diabetes data (442 patients, as CSV text)
// and seeded synthetic tables that make one lesson each easy to see. Imported by the data worker
// only (and the descent worker, for its generator), so the page's own bundle stays small.
import diabetesCsv from '../../data/diabetes.csv?raw';
import diabetesRawCsv from '../../data/diabetes_raw.csv?raw';
import type { NumericTable } from './csv.js';

export type DatasetKey = 'diabetes' | 'diabetes_raw' | 'outliers' | 'large';

export const DATASETS: Record<DatasetKey, { name: string; csv?: string; make?: () => NumericTable }> = {
  diabetes: { name: 'diabetes.csv', csv: diabetesCsv },
  diabetes_raw: { name: 'diabetes_raw.csv', csv: diabetesRawCsv },
  outliers: { name: 'synthetic: 6 features, 2 irrelevant, 4% outliers', make: () => outliers() },
  large: { name: 'synthetic: 200 000 rows × 12 features', make: () => linear(200_000, 12, 7) },
};

/**
 * mulberry32: a small, fast 32-bit PRNG that makes the synthetic tables the same on every load.
 * Only the demo's data generators use it; every shuffle of rows (the held-out split, the folds, SGD)
 * is linwasm's own seeded PRNG, inside the library.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller) from a uniform generator. */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * y = 10 + 6·x1 − 4·x2 + 3·x3 + x4 + noise (x and noise standard normal); x5 and x6 are irrelevant
 * (an L1 penalty zeroes them); 4% of the targets are shifted by +25 (Huber and epsilon-insensitive
 * losses shrug them off, squared error pulls the intercept and the weights towards them).
 */
function outliers(): NumericTable {
  const rows = 400;
  const w = [6, -4, 3, 1, 0, 0];
  const random = mulberry32(2024);
  const normal = gaussian(random);
  const columns = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'y'];
  const data = new Float64Array(rows * columns.length);
  for (let i = 0; i < rows; i++) {
    let y = 10 + normal();
    for (let j = 0; j < w.length; j++) {
      const x = normal();
      data[i * columns.length + j] = x;
      y += w[j] * x;
    }
    if (random() < 0.04) y += 25;
    data[i * columns.length + w.length] = y;
  }
  return { columns, rows, data };
}

/** A linear target of `cols` features with unit noise, for trying the page on many rows. */
function linear(rows: number, cols: number, seed: number): NumericTable {
  const random = mulberry32(seed);
  const normal = gaussian(random);
  const w = Array.from({ length: cols }, (_, j) => (j % 3 === 2 ? 0 : (j + 1) * (j % 2 ? -0.5 : 0.5)));
  const width = cols + 1;
  const columns = [...Array.from({ length: cols }, (_, j) => `x${j + 1}`), 'y'];
  const data = new Float64Array(rows * width);
  for (let i = 0; i < rows; i++) {
    let y = 5 + normal();
    for (let j = 0; j < cols; j++) {
      const x = 2 * normal() + j;
      data[i * width + j] = x;
      y += w[j] * x;
    }
    data[i * width + cols] = y;
  }
  return { columns, rows, data };
}
