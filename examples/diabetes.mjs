// `npm start`: trains the bundled diabetes data with every solver and a few of the learning controls
// on the WASM core, printing the loss every 100 epochs as the textbook loop does, then compares each
// fit with the same fit on the pure-JS baseline (same options, same seed, same results), and trains
// once more from a stream of chunks (fitStream), as data larger than memory is, and compares the
// solvers by cross-validation: each fitted on four fifths of the rows and scored on the fifth left out.
import { readFileSync } from 'node:fs';
import { LinearRegression as BaselineLinearRegression } from '../dist/engine/js/index.js';
import { crossValidate, init, LinearRegression } from '../dist/index.js';

// Every solver, then a few of the learning controls (schedules, averaging, L1, Adam).
const RUNS = [
  ['exact', { solver: 'exact' }],
  ['batch', { solver: 'batch' }],
  ['minibatch', { solver: 'minibatch' }],
  ['sgd', { solver: 'sgd' }],
  ['sgd adaptive', { solver: 'sgd', schedule: 'adaptive' }],
  ['sgd averaged', { solver: 'sgd', average: true }],
  ['sgd l1=1', { solver: 'sgd', schedule: 'adaptive', l1: 1 }],
  ['minibatch adam', { solver: 'minibatch', optimizer: 'adam', learningRate: 0.5 }],
];
const OPTIONS = { seed: 42, maxEpochs: 1000 };

// The bundled CSV is plain numbers with a header row; the last column is the target.
function loadCsv(url) {
  const [header, ...lines] = readFileSync(url, 'utf8').trim().split('\n');
  const rows = lines.map((line) => line.split(',').map(Number));
  return { names: header.split(','), X: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]) };
}

/** Median wall time of `fn` in ms over `runs` runs, after `warmup` untimed runs (V8 tiers up WASM). */
function time(fn, { warmup = 3, runs = 9 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[runs >> 1];
}

const fmt = (v, digits = 4) => (Math.abs(v) >= 1e5 ? v.toExponential(digits) : v.toFixed(digits));

await init();
const { X, y, names } = loadCsv(new URL('../data/diabetes.csv', import.meta.url));
console.log(`linwasm — diabetes data: ${X.length} samples, ${X[0].length} features (${names.slice(0, -1).join(', ')})`);
console.log(`Node ${process.version}; options ${JSON.stringify(OPTIONS)}, everything else at its default\n`);

const rows = [];
for (const [label, run] of RUNS) {
  const options = { ...OPTIONS, ...run };
  const model = new LinearRegression(options).fit(X, y);
  const lr = model.learningRateUsed;
  const rate =
    lr === null ? '' : options.learningRate === undefined ? `learningRate 'auto' = ${fmt(lr)}` : `learningRate ${lr}`;
  console.log(`== ${label} ${lr === null ? '(normal equations, Cholesky)' : `(${rate})`}`);
  model.history.forEach((loss, epoch) => {
    if (epoch % 100 === 0) console.log(`Epoch ${epoch}, Loss: ${loss}`);
  });
  const baseline = new BaselineLinearRegression(options).fit(X, y);
  const wasmMs = time(() => new LinearRegression(options).fit(X, y));
  const jsMs = time(() => new BaselineLinearRegression(options).fit(X, y));
  const r2 = model.score(X, y);
  console.log(`-> ${model.epochs} epochs, converged: ${model.converged}, R² ${r2.toFixed(6)}\n`);
  rows.push({
    solver: label,
    zeros: String(model.coef.filter((c) => c === 0).length),
    epochs: String(model.epochs),
    converged: model.converged ? 'yes' : 'no',
    r2: r2.toFixed(6),
    baselineR2: baseline.score(X, y).toFixed(6),
    wasm: wasmMs.toFixed(2),
    js: jsMs.toFixed(2),
    ratio: `${(jsMs / wasmMs).toFixed(1)}×`,
  });
}

const columns = [
  ['solver', 'solver'],
  ['epochs', 'epochs'],
  ['converged', 'converged'],
  ['r2', 'R²'],
  ['zeros', 'zero coefs'],
  ['wasm', 'linwasm ms'],
  ['baselineR2', 'baseline R²'],
  ['js', 'baseline ms'],
  ['ratio', 'speed-up'],
];
/** Prints rows (objects of strings) under the columns' titles, the first column left-aligned. */
function printTable(columns, rows) {
  const widths = columns.map(([key, title]) => Math.max(title.length, ...rows.map((r) => r[key].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(columns.map(([, title]) => title)));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(columns.map(([key]) => r[key])));
}
printTable(columns, rows);
console.log('\nTimes are medians of 9 warm fits (fit includes copying the data into WASM and standardizing it).');
console.log('The baseline is the same estimator on plain typed-array JavaScript: `linwasm/baseline`.');

// Data larger than memory trains chunk by chunk; here the same rows in chunks of 100.
const chunks = [];
for (let at = 0; at < X.length; at += 100) chunks.push({ X: X.slice(at, at + 100), y: y.slice(at, at + 100) });
const streamed = await new LinearRegression({ ...OPTIONS, solver: 'sgd', schedule: 'adaptive' }).fitStream(chunks, {
  epochs: 20,
});
const progressive = streamed.toJSON().training.progressiveHistory;
console.log(
  `\nfitStream, ${chunks.length} chunks of ≤100 rows, ${streamed.epochs} epochs: R² ${streamed.score(X, y).toFixed(6)}, ` +
    `progressive validation MSE ${fmt(progressive[0], 1)} (epoch 1) → ${fmt(progressive[progressive.length - 1], 1)}`,
);

// Training R² flatters every model; cross-validation scores each fit on rows it has not seen. The
// same 5 shuffled folds for every solver (seed 0), R² and MSE, mean ± standard deviation over folds.
const CV = { folds: 5, shuffle: true, seed: 0 };
const cvRows = RUNS.map(([label, run]) => {
  const options = { ...OPTIONS, ...run };
  const r2 = crossValidate(options, X, y, CV);
  const mse = crossValidate(options, X, y, { ...CV, scoring: 'mse' });
  const train = rows.find((r) => r.solver === label);
  return {
    solver: label,
    train: train.r2,
    r2: `${r2.mean.toFixed(4)} ± ${r2.std.toFixed(4)}`,
    mse: `${mse.mean.toFixed(1)} ± ${mse.std.toFixed(1)}`,
  };
});
console.log('\nCross-validated, 5 shuffled folds (seed 0): every fit scored on the fifth of the rows it did not see');
printTable(
  [
    ['solver', 'solver'],
    ['train', 'training R²'],
    ['r2', 'CV R²'],
    ['mse', 'CV MSE'],
  ],
  cvRows,
);
