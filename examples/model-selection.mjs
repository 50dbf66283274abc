// The numbers of docs/model-selection.md, from the bundled diabetes data: learning rates and batch
// sizes compared by cross-validated error, a validation curve over l2 on polynomial features,
// ridgeCV's pick, a learning curve and a summary() table. Run after `npm run build`:
//   node examples/model-selection.mjs
import { readFileSync } from 'node:fs';
import {
  crossValidate,
  init,
  LinearRegression,
  learningCurve,
  polynomialFeatures,
  ridgeCV,
  searchGrid,
  trainTestSplit,
  validationCurve,
} from '../dist/index.js';

function loadCsv(url) {
  const [header, ...lines] = readFileSync(url, 'utf8').trim().split('\n');
  const rows = lines.map((line) => line.split(',').map(Number));
  return {
    names: header.split(',').slice(0, -1),
    X: rows.map((r) => r.slice(0, -1)),
    y: rows.map((r) => r[r.length - 1]),
  };
}

const f = (v, digits = 4) => (Number.isNaN(v) ? 'failed' : v.toFixed(digits));
/** Prints rows of cells as an aligned table (first column left-aligned). */
function table(titles, rows) {
  const widths = titles.map((t, c) => Math.max(t.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log(line(titles));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  console.log();
}

await init();
const { X, y, names } = loadCsv(new URL('../data/diabetes.csv', import.meta.url));
const CV = { folds: 5, shuffle: true, seed: 0 };
console.log(`diabetes: ${X.length} rows, ${X[0].length} features; 5 shuffled folds (seed 0)\n`);

// 1. Learning rate × batch size for mini-batch gradient descent, by cross-validated MSE.
console.log('== searchGrid: minibatch, learningRate × batchSize, scoring mse');
const grid = searchGrid(
  { solver: 'minibatch', maxEpochs: 100, seed: 1 },
  { learningRate: ['auto', 0.003, 0.03, 0.3, 3], batchSize: [8, 32, 128] },
  X,
  y,
  { ...CV, scoring: 'mse' },
);
table(
  ['learningRate', 'batchSize', 'CV MSE', '± std', 'rank', 'note'],
  grid.results.map((r) => [
    String(r.params.learningRate),
    r.params.batchSize,
    f(r.mean, 1),
    f(r.std, 1),
    r.rank ?? '',
    r.error ? r.error.message.replace(/:.*? at epoch (\d+).*/, ': diverged at epoch $1') : '',
  ]),
);
console.log(`best: ${JSON.stringify(grid.best)} CV MSE ${f(grid.bestScore, 1)}`);
const exactCv = crossValidate({ solver: 'exact' }, X, y, { ...CV, scoring: 'mse' });
console.log(`exact solver, same folds: CV MSE ${f(exactCv.mean, 1)} ± ${f(exactCv.std, 1)}\n`);

// 2. Overfitting and its cure: degree-2 polynomial features, a validation curve over l2.
const poly = polynomialFeatures(X, { degree: 2, includeBias: false, names });
console.log(`== validationCurve: exact solver on ${poly.names.length} polynomial features (degree 2), param l2`);
const l2s = [0, 1e-6, 1e-4, 1e-2, 0.1, 0.3, 1, 3, 10];
const curve = validationCurve({ solver: 'exact' }, poly.X, y, { param: 'l2', values: l2s, ...CV });
table(
  ['l2', 'train R²', 'validation R²', '± std'],
  l2s.map((l2, i) => [String(l2), f(curve.trainMean[i]), f(curve.validationMean[i]), f(curve.validationStd[i])]),
);
curve.errors.forEach((e, i) => {
  if (e) console.log(`l2 = ${l2s[i]}: ${e.name}: ${e.message}\n`);
});
const plain = crossValidate({ solver: 'exact' }, X, y, CV);
console.log(`the 10 plain features, same folds: validation R² ${f(plain.mean)} ± ${f(plain.std)}\n`);

// 3. ridgeCV's pick on the same features: efficient leave-one-out over a finer grid.
const fine = Array.from({ length: 17 }, (_, k) => 10 ** (-5 + k * 0.5));
ridgeCV(poly.X, y, { l2s: fine }); // warm-up: V8 compiles the WASM functions fully on first use
let t0 = performance.now();
const chosen = ridgeCV(poly.X, y, { l2s: fine });
const looMs = performance.now() - t0;
t0 = performance.now();
const fiveFold = searchGrid({ solver: 'exact' }, { l2: fine }, poly.X, y, { ...CV, scoring: 'mse', refit: false });
const gridMs = performance.now() - t0;
console.log(
  `== ridgeCV: leave-one-out (442 fits per l2, from one eigendecomposition) over ${fine.length} l2s in ` +
    `${looMs.toFixed(0)} ms; searchGrid's 5 folds over the same l2s: ${gridMs.toFixed(0)} ms`,
);
table(
  ['l2', 'LOO MSE', '5-fold MSE'],
  fine.map((l2, i) => [l2.toExponential(2), f(chosen.scores[i], 1), f(fiveFold.results[i].mean, 1)]),
);
console.log(
  `ridgeCV picks l2 = ${chosen.l2.toExponential(2)}; searchGrid (5 folds) picks l2 = ${fiveFold.best.l2.toExponential(2)}`,
);
const split = trainTestSplit(poly.X, y, { testFraction: 0.2, seed: 0 });
const held = ridgeCV(split.XTrain, split.yTrain, { l2s: fine });
const tiny = new LinearRegression({ solver: 'exact', l2: 1e-6 }).fit(split.XTrain, split.yTrain);
console.log(
  `on an 80/20 split (seed 0): ridgeCV on the 80% picks l2 = ${held.l2.toExponential(2)}, test R² ` +
    `${f(held.model.score(split.XTest, split.yTest))}; l2 = 1e-6: test R² ${f(tiny.score(split.XTest, split.yTest))}\n`,
);

// 4. A learning curve: the plain exact fit, how much data it needs.
console.log('== learningCurve: exact solver, 10 features');
const lc = learningCurve({ solver: 'exact' }, X, y, { sizes: [0.05, 0.1, 0.25, 0.5, 1], ...CV });
table(
  ['training rows', 'train R²', 'validation R²'],
  lc.sizes.map((s, i) => [s, f(lc.trainMean[i]), f(lc.validationMean[i])]),
);

// 5. Inference statistics of the plain OLS fit.
console.log('== summary(): exact solver, l2 = 0');
console.log(new LinearRegression({ solver: 'exact' }).fit(X, y).summary({ names }).toString());
