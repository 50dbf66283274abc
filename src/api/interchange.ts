// Models made elsewhere and models sent elsewhere: ONNX (bytes) and scikit-learn (a plain JSON document
// of a linear estimator's fitted attributes). A model read from either is a plain fitted linear model:
// it predicts, scores and saves like any other; it has no training history to continue from.

import { readOnnx } from '../onnx/read.js';
import { type OnnxOptions, writeOnnx } from '../onnx/write.js';
import { describe } from './data.js';
import type { FittedState } from './model.js';
import type { LinearRegressionOptions, ResolvedOptions } from './options.js';

/**
 * A scikit-learn linear estimator's fitted attributes as JSON (LinearRegression, Ridge, Lasso, ElasticNet,
 * SGDRegressor, … all have them): `coef_` (d numbers, or one row of d), `intercept_` (a number, or one),
 * and optionally `n_features_in_`, `feature_names_in_` and the estimator's class name.
 */
export interface SklearnDocument {
  /** The estimator's class (e.g. 'LinearRegression'); informative. */
  estimator?: string;
  coef_: number[] | number[][];
  intercept_: number | number[];
  n_features_in_?: number;
  feature_names_in_?: string[];
  /** Whether the estimator fitted an intercept (scikit-learn's fit_intercept). */
  fit_intercept?: boolean;
}

/** The options and state of a plain model from foreign coefficients. */
export function plainModel(
  coef: Float64Array,
  intercept: number,
  featureNames: string[] | null,
  options: LinearRegressionOptions,
): { options: LinearRegressionOptions; state: FittedState } {
  const none = new Float64Array(0);
  return {
    options: { solver: 'exact', standardize: false, ...options },
    state: {
      nFeatures: coef.length,
      coef,
      intercept,
      scaling: null,
      training: {
        nSamples: 0,
        epochs: 0,
        converged: true,
        learningRate: null,
        history: none,
        validationHistory: none,
        bestEpoch: null,
        progressiveHistory: none,
      },
      snapshot: null,
      stats: null,
      featureNames,
    },
  };
}

/** ONNX bytes of a fitted model (see OnnxOptions). */
export function modelToOnnx(options: ResolvedOptions, s: FittedState, o: OnnxOptions): Uint8Array {
  if (o === null || typeof o !== 'object') throw new TypeError(`toONNX options must be an object, got ${describe(o)}`);
  const dtype = o.dtype ?? options.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new RangeError(`toONNX option dtype must be 'float32' or 'float64', got ${describe(o.dtype)}`);
  }
  const featureNames = o.featureNames ? [...o.featureNames] : s.featureNames;
  if (featureNames && (featureNames.length !== s.nFeatures || !featureNames.every((n) => typeof n === 'string'))) {
    throw new RangeError(`toONNX option featureNames must be ${s.nFeatures} column names`);
  }
  for (const key of ['inputName', 'outputName', 'target'] as const) {
    if (o[key] !== undefined && (typeof o[key] !== 'string' || o[key] === '')) {
      throw new TypeError(`toONNX option ${key} must be a non-empty string, got ${describe(o[key])}`);
    }
  }
  const inputName = o.inputName ?? 'X';
  const outputName = o.outputName ?? 'y';
  if (inputName === outputName) throw new RangeError('toONNX options inputName and outputName must differ');
  return writeOnnx({
    coef: s.coef,
    intercept: s.intercept,
    dtype,
    inputName,
    outputName,
    featureNames,
    target: o.target ?? null,
    doc: `linear regression trained by linwasm (solver ${options.solver}); y = X·coef + intercept, standardization folded in`,
  });
}

/** The plain model of an ONNX linear regression. @throws TypeError as readOnnx. */
export function modelFromOnnx(bytes: Uint8Array): ReturnType<typeof plainModel> {
  const m = readOnnx(bytes);
  return plainModel(m.coef, m.intercept, m.featureNames, { dtype: m.dtype, fitIntercept: m.hasIntercept });
}

export function modelToSklearn(options: ResolvedOptions, s: FittedState): SklearnDocument {
  const doc: SklearnDocument = {
    estimator: 'LinearRegression',
    coef_: Array.from(s.coef),
    intercept_: s.intercept,
    n_features_in_: s.nFeatures,
    fit_intercept: options.fitIntercept,
  };
  if (s.featureNames) doc.feature_names_in_ = [...s.featureNames];
  return doc;
}

/**
 * The plain model of a scikit-learn document (an object or its JSON text).
 * @throws TypeError naming the attribute that is missing or malformed.
 */
export function modelFromSklearn(input: unknown): ReturnType<typeof plainModel> {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new TypeError(`A scikit-learn document must be valid JSON: ${(e as Error).message}`);
    }
  }
  if (doc === null || typeof doc !== 'object')
    throw new TypeError(`A scikit-learn document must be an object, got ${describe(doc)}`);
  const d = doc as Record<string, unknown>;
  let coef = d.coef_;
  if (Array.isArray(coef) && coef.length === 1 && Array.isArray(coef[0])) coef = coef[0];
  if (!Array.isArray(coef) || coef.length === 0 || !coef.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new TypeError(
      'A scikit-learn document needs coef_: a non-empty array of finite numbers (one row of a single-output estimator)',
    );
  }
  let intercept = d.intercept_ ?? 0;
  if (Array.isArray(intercept) && intercept.length === 1) intercept = intercept[0];
  if (typeof intercept !== 'number' || !Number.isFinite(intercept)) {
    throw new TypeError(`A scikit-learn document's intercept_ must be a finite number, got ${describe(d.intercept_)}`);
  }
  if (d.n_features_in_ !== undefined && d.n_features_in_ !== coef.length) {
    throw new TypeError(
      `A scikit-learn document's n_features_in_ (${describe(d.n_features_in_)}) differs from the ${coef.length} entries of coef_`,
    );
  }
  let names: string[] | null = null;
  if (d.feature_names_in_ !== undefined && d.feature_names_in_ !== null) {
    const f = d.feature_names_in_;
    if (!Array.isArray(f) || f.length !== coef.length || !f.every((v) => typeof v === 'string')) {
      throw new TypeError(`A scikit-learn document's feature_names_in_ must be ${coef.length} column names`);
    }
    names = [...f];
  }
  const fitIntercept = typeof d.fit_intercept === 'boolean' ? d.fit_intercept : intercept !== 0;
  return plainModel(Float64Array.from(coef as number[]), intercept, names, { fitIntercept });
}
