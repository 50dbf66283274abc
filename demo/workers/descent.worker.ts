// The Descent tab's worker: makes the two-feature problem (seeded), computes its loss surface and
// the exact minimum, and trains one epoch per request with warmStart, reporting the weights after
// each epoch so that the page can draw the path.
import { DivergenceError, init, LinearRegression, type LinearRegressionOptions } from 'linwasm';
import { gaussian, mulberry32 } from '../data/datasets.js';
import type { DescentMessage, DescentRequest, PathPoint, Surface } from '../runs/descent-protocol.js';

interface Scope {
  onmessage: ((event: MessageEvent<DescentRequest>) => void) | null;
  postMessage(message: DescentMessage): void;
}
const scope = globalThis as unknown as Scope;
const post = (m: DescentMessage) => scope.postMessage(m);

const ROWS = 200;
const { X, y } = makeData();
const surface0 = quadratic();
let model: LinearRegression | null = null;
let base: LinearRegressionOptions = {};
let epoch = 0;
let learningRate = 0;

scope.onmessage = async ({ data }) => {
  try {
    await init();
    if (data.type === 'setup') {
      const { solver, rateFactor, standardize } = data.setup;
      base = {
        solver,
        fitIntercept: false,
        standardize,
        seed: 7,
        ...(solver === 'minibatch' ? { batchSize: 8 } : {}),
      };
      const probe = new LinearRegression({ ...base, maxEpochs: 1, tolerance: null }).fit(X, y);
      learningRate = rateFactor * (probe.learningRateUsed ?? 1);
      model = new LinearRegression({ ...base, learningRate, maxEpochs: 1, tolerance: null, warmStart: true });
      epoch = 0;
      post({ type: 'surface', surface: { ...surface0, learningRate }, start: point(0, 0, 0) });
      return;
    }
    if (!model) throw new Error('Set the problem up first');
    const points: PathPoint[] = [];
    for (let k = 0; k < data.epochs; k++) {
      try {
        model.fit(X, y);
      } catch (e) {
        if (points.length) post({ type: 'path', points });
        if (e instanceof DivergenceError) post({ type: 'diverged', epoch: epoch + 1, message: e.message });
        else throw e;
        return;
      }
      epoch++;
      const [w1, w2] = model.coef;
      const p = point(epoch, w1, w2);
      points.push(p);
      // One epoch per fit never trips the library's growth test (10⁴ × the first epoch's loss),
      // so apply it here, then let one fit of all the epochs so far say what happened, in its words.
      if (!(p.loss < 1e4 * surface0.c)) {
        post({ type: 'path', points });
        post({ type: 'diverged', epoch, message: divergenceMessage() });
        return;
      }
    }
    post({ type: 'path', points });
  } catch (e) {
    post({ type: 'error', message: (e as Error).message });
  }
};

function divergenceMessage(): string {
  try {
    new LinearRegression({ ...base, learningRate, maxEpochs: epoch + 10, tolerance: null }).fit(X, y);
  } catch (e) {
    if (e instanceof DivergenceError) return e.message;
  }
  return `The loss grew past 10⁴ times where it started by epoch ${epoch}: lower the learning rate.`;
}

function point(e: number, w1: number, w2: number): PathPoint {
  const { A, b, c } = surface0;
  const loss = A[0] * w1 * w1 + 2 * A[1] * w1 * w2 + A[2] * w2 * w2 - 2 * (b[0] * w1 + b[1] * w2) + c;
  return { epoch: e, w: [w1, w2], loss };
}

/** x1 with spread 3, x2 with spread 0.5, correlated 0.8; y = 1.5·x1 − 2·x2 + noise; all centred. */
function makeData(): { X: { data: Float64Array; rows: number; cols: number }; y: Float64Array } {
  const normal = gaussian(mulberry32(11));
  const data = new Float64Array(ROWS * 2);
  const target = new Float64Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const z1 = normal();
    const z2 = 0.8 * z1 + 0.6 * normal();
    data[2 * i] = 3 * z1;
    data[2 * i + 1] = 0.5 * z2;
    target[i] = 1.5 * data[2 * i] - 2 * data[2 * i + 1] + 0.5 * normal();
  }
  for (const column of [0, 1]) {
    let mean = 0;
    for (let i = 0; i < ROWS; i++) mean += data[2 * i + column] / ROWS;
    for (let i = 0; i < ROWS; i++) data[2 * i + column] -= mean;
  }
  let mean = 0;
  for (let i = 0; i < ROWS; i++) mean += target[i] / ROWS;
  for (let i = 0; i < ROWS; i++) target[i] -= mean;
  return { X: { data, rows: ROWS, cols: 2 }, y: target };
}

/** A = XᵀX/n, b = Xᵀy/n, c = yᵀy/n and the minimum w* = A⁻¹b. */
function quadratic(): Omit<Surface, 'learningRate'> {
  let a11 = 0;
  let a12 = 0;
  let a22 = 0;
  let b1 = 0;
  let b2 = 0;
  let c = 0;
  for (let i = 0; i < ROWS; i++) {
    const x1 = X.data[2 * i];
    const x2 = X.data[2 * i + 1];
    a11 += (x1 * x1) / ROWS;
    a12 += (x1 * x2) / ROWS;
    a22 += (x2 * x2) / ROWS;
    b1 += (x1 * y[i]) / ROWS;
    b2 += (x2 * y[i]) / ROWS;
    c += (y[i] * y[i]) / ROWS;
  }
  const det = a11 * a22 - a12 * a12;
  const w1 = (a22 * b1 - a12 * b2) / det;
  const w2 = (a11 * b2 - a12 * b1) / det;
  const lossStar = c - (b1 * w1 + b2 * w2);
  return { A: [a11, a12, a22], b: [b1, b2], c, wStar: [w1, w2], lossStar, rows: ROWS };
}
