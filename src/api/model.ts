// The fitted state of a LinearRegression and its JSON document. The document is self-describing
// and versioned: `kind` and `formatVersion` are checked before anything else is read.
import type { TrainingSnapshot } from '../engine/engine.js';
import type { RunningStats } from '../fit/running-stats.js';
import type { InferenceStats } from '../stats/inference.js';
import type { ResolvedOptions } from './options.js';
import { resolveOptions } from './options.js';

export const MODEL_KIND = 'linwasm.LinearRegression';
/** 2 added the options of issue 6 and the training state (warmStart after loading); 3 always writes
 *  featureNames (null without names), which predict's records are read by. 1 and 2 still read. */
export const FORMAT_VERSION = 3;
const READS = [1, 2, 3];

/** How training went, kept with the model. */
export interface TrainingSummary {
  /** Samples the model was fitted on. */
  nSamples: number;
  /** Epochs run (0 for the exact solver). */
  epochs: number;
  /** Whether the stopping rule was met (always true for the exact solver). */
  converged: boolean;
  /** The learning rate used ('auto' resolved to a number); null for the exact solver. */
  learningRate: number | null;
  /** Training loss per epoch. */
  history: Float64Array;
  /** Loss on the held-out rows per epoch (empty without them). */
  validationHistory: Float64Array;
  /** The epoch (1-based) whose model was kept, or null. */
  bestEpoch: number | null;
  /** Progressive validation (fitStream per epoch, partialFit per call): the mean loss of each chunk
   *  measured before training on it. Empty after fit. */
  progressiveHistory: Float64Array;
}

export interface FittedState {
  nFeatures: number;
  coef: Float64Array;
  intercept: number;
  /** Column means and scales used for standardization, or null. */
  scaling: { mean: Float64Array; scale: Float64Array } | null;
  training: TrainingSummary;
  /** Where gradient descent stopped, to continue from (warmStart); null after the exact solver. */
  snapshot: TrainingSnapshot | null;
  /** Column statistics merged over the chunks seen (partialFit, fitStream), or null. */
  stats: RunningStats | null;
  /** What summary() needs, kept by an exact fit without penalty or sample weights; not in the JSON. */
  inference?: InferenceStats;
  /** The features' column names when the training data had them, else null. */
  featureNames: string[] | null;
}

/** What a solver hands back (fit/exact.ts, fit/descend.ts): the model in the units it trained in, and
 *  how it got there. */
export interface Solution {
  coef: Float64Array;
  intercept: number;
  epochs: number;
  converged: boolean;
  learningRate: number | null;
  history: Float64Array;
  validationHistory: Float64Array;
  bestEpoch: number | null;
  snapshot: TrainingSnapshot | null;
  inference?: InferenceStats;
}

/**
 * Where gradient descent stopped, in a model document (`training.state`), so that fit with warmStart
 * and partialFit continue after fromJSON. In the standardized units the trainer works in; d is
 * nFeatures, and vectors of d + 1 hold the intercept's entry last.
 */
export interface SnapshotJSON {
  /** The weights w (d). */
  weights: number[];
  /** The intercept b. */
  intercept: number;
  /** The schedules' step count t (from 1). */
  step: number;
  /** The current step size of 'constant' and 'adaptive'. */
  eta: number;
  /** u of the cumulative L1 penalty: the total penalty every weight could have received so far. */
  l1Total: number;
  /** Iterates averaged so far (averaged SGD). */
  averaged: number;
  /** The shuffle's PRNG state: four unsigned 32-bit words. */
  rng: number[];
  /** Momentum's velocity or Adam's first moment (d + 1). */
  moment1: number[];
  /** Adam's second moment (d + 1). */
  moment2: number[];
  /** The signed change the L1 penalty actually made to each weight so far (d + 1, the last unused). */
  l1Applied: number[];
  /** The average of the iterates (d + 1). */
  average: number[];
}

/** TrainingSnapshot with plain arrays: what snapshotJSON makes, checked against SnapshotJSON. */
type PlainSnapshot = { [K in keyof TrainingSnapshot]: TrainingSnapshot[K] extends number ? number : number[] };

/**
 * The model document of `model.toJSON()` (what JSON.stringify writes) and
 * `LinearRegression.fromJSON`: plain JSON, versioned, with everything needed to predict and to
 * continue training.
 */
export interface ModelJSON {
  /** 'linwasm.LinearRegression': fromJSON rejects a document of another kind. */
  kind: typeof MODEL_KIND;
  /** The document's format version (3; fromJSON also reads 1 and 2). */
  formatVersion: typeof FORMAT_VERSION;
  /** The options the model was made with, defaults filled in and the seed drawn. */
  options: ResolvedOptions;
  /** Features the model was fitted with. */
  nFeatures: number;
  /** Coefficients in the units of the original features. */
  coef: number[];
  /** The intercept, in the units of y. */
  intercept: number;
  /** Column means and scales of the standardization (null without it): needed to continue training. */
  scaling: { mean: number[]; scale: number[] } | null;
  /** The features' column names; null when the training data had none (format version 3: always
   *  present; versions 1 and 2 left it out). */
  featureNames?: string[] | null;
  /** How training went (TrainingSummary with plain arrays), where it stopped (null after the exact
   *  solver) and the column statistics merged over chunks (partialFit, fitStream; else null). */
  training: Omit<TrainingSummary, 'history' | 'validationHistory' | 'progressiveHistory'> & {
    history: number[];
    validationHistory: number[];
    progressiveHistory: number[];
    state: SnapshotJSON | null;
    stats: { count: number; mean: number[]; m2: number[] } | null;
  };
}

export function toModelJSON(options: ResolvedOptions, s: FittedState): ModelJSON {
  return {
    kind: MODEL_KIND,
    formatVersion: FORMAT_VERSION,
    options: { ...options },
    nFeatures: s.nFeatures,
    coef: Array.from(s.coef),
    intercept: s.intercept,
    scaling: s.scaling && { mean: Array.from(s.scaling.mean), scale: Array.from(s.scaling.scale) },
    featureNames: s.featureNames ? [...s.featureNames] : null,
    training: {
      ...s.training,
      history: Array.from(s.training.history),
      validationHistory: Array.from(s.training.validationHistory),
      progressiveHistory: Array.from(s.training.progressiveHistory),
      state: s.snapshot && snapshotJSON(s.snapshot),
      stats: s.stats && { count: s.stats.count, mean: Array.from(s.stats.mean), m2: Array.from(s.stats.m2) },
    },
  };
}

function snapshotJSON(s: TrainingSnapshot): SnapshotJSON {
  // Assigned both ways so that a field added to TrainingSnapshot but not to SnapshotJSON (or the
  // reverse) fails to compile.
  const plain: PlainSnapshot = Object.fromEntries(
    Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v as ArrayLike<number>)]),
  ) as PlainSnapshot;
  const documented: SnapshotJSON = plain;
  return documented satisfies PlainSnapshot;
}

/**
 * Reads a model document (an object or its JSON text).
 * @throws TypeError when it is not a linwasm LinearRegression document, has an unknown format
 * version, or a field is missing or malformed.
 */
export function fromModelJSON(json: unknown): { options: ResolvedOptions; state: FittedState } {
  const doc = typeof json === 'string' ? parseText(json) : json;
  if (doc === null || typeof doc !== 'object') throw new TypeError('A model document must be an object or JSON text');
  const d = doc as Record<string, unknown>;
  if (d.kind !== MODEL_KIND) {
    throw new TypeError(
      `This is not a linwasm LinearRegression model: kind is ${JSON.stringify(d.kind)}, expected '${MODEL_KIND}'`,
    );
  }
  if (!READS.includes(d.formatVersion as number)) {
    throw new TypeError(
      `Unsupported model format version ${JSON.stringify(d.formatVersion)}: this linwasm reads versions ${READS.slice(0, -1).join(', ')} and ${READS[READS.length - 1]}`,
    );
  }
  const options = resolveOptions(d.options ?? {});
  const nFeatures = d.nFeatures;
  if (!Number.isInteger(nFeatures) || (nFeatures as number) < 1) throw field('nFeatures', 'a positive integer');
  const n = nFeatures as number;
  const coef = numbers(d.coef, 'coef', n);
  const intercept = finite(d.intercept, 'intercept');
  let scaling: FittedState['scaling'] = null;
  if (d.scaling != null) {
    const sc = d.scaling as Record<string, unknown>;
    scaling = { mean: numbers(sc.mean, 'scaling.mean', n), scale: numbers(sc.scale, 'scaling.scale', n) };
  }
  const t = (d.training ?? {}) as Record<string, unknown>;
  const training: TrainingSummary = {
    nSamples: Number.isInteger(t.nSamples) ? (t.nSamples as number) : 0,
    epochs: Number.isInteger(t.epochs) ? (t.epochs as number) : 0,
    converged: t.converged === true,
    learningRate: typeof t.learningRate === 'number' ? t.learningRate : null,
    history: Array.isArray(t.history) ? Float64Array.from(t.history as number[]) : new Float64Array(0),
    validationHistory: Array.isArray(t.validationHistory)
      ? Float64Array.from(t.validationHistory as number[])
      : new Float64Array(0),
    bestEpoch: Number.isInteger(t.bestEpoch) ? (t.bestEpoch as number) : null,
    progressiveHistory: Array.isArray(t.progressiveHistory)
      ? Float64Array.from(t.progressiveHistory as number[])
      : new Float64Array(0),
  };
  const snapshot = t.state == null ? null : readSnapshot(t.state, n);
  let stats: RunningStats | null = null;
  if (t.stats != null) {
    const st = t.stats as Record<string, unknown>;
    if (!Number.isInteger(st.count) || (st.count as number) < 1)
      throw field('training.stats.count', 'a positive integer');
    stats = {
      count: st.count as number,
      mean: numbers(st.mean, 'training.stats.mean', n),
      m2: numbers(st.m2, 'training.stats.m2', n),
    };
  }
  let featureNames: string[] | null = null;
  if (d.featureNames != null) {
    const f = d.featureNames;
    if (!Array.isArray(f) || f.length !== n || !f.every((v) => typeof v === 'string')) {
      throw field('featureNames', `an array of ${n} column names`);
    }
    featureNames = [...f];
  }
  return { options, state: { nFeatures: n, coef, intercept, scaling, training, snapshot, stats, featureNames } };
}

function readSnapshot(v: unknown, d: number): TrainingSnapshot {
  const s = v as Record<string, unknown>;
  const rng = s.rng;
  if (!Array.isArray(rng) || rng.length !== 4 || !rng.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
    throw field('training.state.rng', 'an array of 4 unsigned 32-bit integers');
  }
  return {
    weights: numbers(s.weights, 'training.state.weights', d),
    intercept: finite(s.intercept, 'training.state.intercept'),
    step: finite(s.step, 'training.state.step'),
    eta: finite(s.eta, 'training.state.eta'),
    l1Total: finite(s.l1Total, 'training.state.l1Total'),
    averaged: finite(s.averaged, 'training.state.averaged'),
    rng: Uint32Array.from(rng as number[]),
    moment1: numbers(s.moment1, 'training.state.moment1', d + 1),
    moment2: numbers(s.moment2, 'training.state.moment2', d + 1),
    l1Applied: numbers(s.l1Applied, 'training.state.l1Applied', d + 1),
    average: numbers(s.average, 'training.state.average', d + 1),
  };
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TypeError(`A model document must be valid JSON: ${(e as Error).message}`);
  }
}

function numbers(v: unknown, name: string, length: number): Float64Array {
  if (!Array.isArray(v) || v.length !== length) throw field(name, `an array of ${length} numbers`);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = finite(v[i], `${name}[${i}]`);
  return out;
}

function finite(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw field(name, 'a finite number');
  return v;
}

function field(name: string, expected: string): TypeError {
  return new TypeError(`Malformed model document: ${name} must be ${expected}`);
}
