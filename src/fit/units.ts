// Models between units: the trainer works on standardized features, users see original units, and
// a warm start or the next chunk may come with another scaling.

import type { FittedState } from '../api/model.js';
import type { TrainingSnapshot } from '../engine/engine.js';

/**
 * warmStart: the previous fit's training state in the units of this fit's scaling. When the
 * scaling is the one the state was saved in, it continues bit for bit; otherwise the weights (and
 * the average) are carried over through original units.
 */
export function resumeFrom(
  previous: FittedState,
  scaling: FittedState['scaling'],
  d: number,
  learningRate: number,
): TrainingSnapshot {
  const snap = previous.snapshot;
  if (snap && sameScaling(previous.scaling, scaling)) return snap;
  const weights = fromOriginalUnits(previous.coef, previous.intercept, scaling);
  const base: TrainingSnapshot = snap ?? {
    weights: new Float64Array(d),
    intercept: 0,
    step: 1,
    eta: learningRate,
    l1Total: 0,
    averaged: 0,
    rng: new Uint32Array(0),
    moment1: new Float64Array(d + 1),
    moment2: new Float64Array(d + 1),
    l1Applied: new Float64Array(d + 1),
    average: new Float64Array(d + 1),
  };
  const average = base.average.slice();
  if (snap && snap.averaged > 0) {
    const old = toOriginalUnits(snap.average.subarray(0, d), snap.average[d], previous.scaling);
    const now = fromOriginalUnits(old.coef, old.intercept, scaling);
    average.set(now.w);
    average[d] = now.b;
  }
  return { ...base, weights: weights.w, intercept: weights.b, average };
}

export function sameScaling(a: FittedState['scaling'], b: FittedState['scaling']): boolean {
  if (a === null || b === null) return a === b;
  return a.mean.every((v, j) => v === b.mean[j]) && a.scale.every((v, j) => v === b.scale[j]);
}

/** The inverse of toOriginalUnits. */
export function fromOriginalUnits(
  coef: Float64Array,
  intercept: number,
  scaling: FittedState['scaling'],
): { w: Float64Array; b: number } {
  if (!scaling) return { w: coef.slice(), b: intercept };
  const w = new Float64Array(coef.length);
  let b = intercept;
  for (let j = 0; j < coef.length; j++) {
    w[j] = coef[j] * scaling.scale[j];
    b += scaling.mean[j] * coef[j];
  }
  return { w, b };
}

/** w and b for standardized features → the same model on the original features. */
export function toOriginalUnits(
  w: Float64Array,
  b: number,
  scaling: FittedState['scaling'],
): { coef: Float64Array; intercept: number } {
  if (!scaling) return { coef: w, intercept: b };
  const coef = new Float64Array(w.length);
  let intercept = b;
  for (let j = 0; j < w.length; j++) {
    coef[j] = w[j] / scaling.scale[j];
    intercept -= scaling.mean[j] * coef[j];
  }
  return { coef, intercept };
}
