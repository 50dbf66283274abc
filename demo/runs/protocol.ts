// Messages between the page (runs/client.ts) and a run worker (workers/run.worker.ts). A run is one
// job on the table the data worker hands over: fitting a list of variants (one fit, or a comparison
// of solvers, learning rates or batch sizes), or a curve of train and validation error.
import type { LinearRegressionOptions, ModelJSON } from 'linwasm';

/** How the table becomes X and y: the target column, polynomial features, the held-out rows. */
export interface DataSpec {
  target: string;
  /** Polynomial degree of the features (1: the columns as they are). */
  degree: number;
  /** Fraction of the rows held out for testing (0: none). */
  testFraction: number;
  /** Seed of the held-out split. */
  splitSeed: number;
}

/** One fit of a run. */
export interface Variant {
  label: string;
  options: LinearRegressionOptions;
  /** Use this multiple of the learning rate 'auto' picks for these options. */
  rateFactor?: number;
}

export type Job =
  | { kind: 'fit'; data: DataSpec; variants: Variant[]; detail: boolean }
  | {
      kind: 'curve';
      data: DataSpec;
      options: LinearRegressionOptions;
      /** 'penalty': along l2 (exact solver) or alpha (gradient descent); 'degree': along the degree. */
      along: 'penalty' | 'degree';
      values: number[];
      /** Folds of the cross-validation over the training rows. */
      folds: number;
    };

/** Predicted against actual, decimated for drawing, and how many rows they stand for. */
export interface Detail {
  part: 'test' | 'training';
  rows: number;
  /** Sorted by actual. */
  actual: Float64Array;
  predicted: Float64Array;
}

export interface Metrics {
  trainR2: number;
  trainMse: number;
  /** On the held-out rows; null without them. */
  testR2: number | null;
  testMse: number | null;
  testMae: number | null;
}

export interface FailedFit {
  name: string;
  message: string;
  /** The epoch at which a DivergenceError happened. */
  epoch: number | null;
}

export interface VariantResult {
  label: string;
  /** Resolved options of the fit, with the learning rate it was given. */
  options: LinearRegressionOptions;
  error: FailedFit | null;
  /** The fitted model (null when the fit failed). */
  model: ModelJSON | null;
  epochs: number;
  converged: boolean;
  learningRate: number | null;
  /** Rows each epoch trains on, and the steps (weight updates) it takes. */
  rowsPerEpoch: number;
  stepsPerEpoch: number;
  /** Wall time of the fit in the worker, and per epoch. */
  ms: number;
  msPerEpoch: number | null;
  /** The whole training loss history (a failed fit's up to its last epoch). */
  history: Float64Array;
  validationHistory: Float64Array;
  bestEpoch: number | null;
  metrics: Metrics | null;
  detail: Detail | null;
}

/**
 * One point of a curve: the mean over the folds of the MSE on the rows each fold's model trained on
 * and on the fold it did not see, and the spread of the latter (NaN when a fold's fit failed).
 */
export interface CurvePoint {
  value: number;
  trainMse: number;
  validationMse: number;
  /** Population standard deviation over the folds, as scikit-learn's cv_results_. */
  validationStd: number;
  features: number;
}

/** Run worker → page. */
export type RunMessage =
  | { type: 'prepared'; features: string[]; nTrain: number; nTest: number; ms: number }
  /** Epochs of one variant since the last message; `ms` since its fit started. */
  | {
      type: 'progress';
      variant: number;
      epochs: Float64Array;
      loss: Float64Array;
      validation: Float64Array | null;
      ms: Float64Array;
    }
  | { type: 'result'; variant: number; result: VariantResult }
  | { type: 'point'; index: number; point: CurvePoint }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** Page → run worker. */
export interface RunRequest {
  job: Job;
  /** Where the data worker posts the table. */
  port: MessagePort;
}
