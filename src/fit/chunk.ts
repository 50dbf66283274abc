// One pass over a chunk, the unit of partialFit and fitStream: the chunk's columns standardized
// with running (or fixed) statistics, its loss measured before training on it (progressive
// validation), one epoch of the solver continuing from the previous state.
import { labelled, type ReadChunk } from '../api/check-input.js';
import { nonFiniteError } from '../api/data.js';
import type { FittedState } from '../api/model.js';
import type { ResolvedOptions } from '../api/options.js';
import type { Engine } from '../engine/engine.js';
import { STATUS_DIVERGED } from '../engine/layout.js';
import { divergence } from './descend.js';
import { firstStep, planDescent } from './plan.js';
import { mergeMoments, scalingOf } from './running-stats.js';
import { toOriginalUnits } from './units.js';

/**
 * One pass over `chunk` from `previous` (or θ = 0): standardize it (with `fixed` statistics, or
 * the running ones merged with this chunk's), measure its loss, train one epoch. Returns the new
 * state (its training summary for the caller to complete), the chunk's loss during and before training.
 * @throws RangeError for a chunk with other features than the model's, or a non-finite value;
 * DivergenceError; each labelled with the chunk.
 */
export function trainChunk(
  engine: Engine,
  o: ResolvedOptions,
  previous: FittedState | null,
  chunk: ReadChunk,
  fixed: FittedState['scaling'],
): { state: FittedState; loss: number; chunkLoss: number } {
  const m = chunk.X;
  if (previous && previous.nFeatures !== m.cols) {
    throw new RangeError(`${chunk.label}X has ${m.cols} features (columns), but the model has ${previous.nFeatures}`);
  }
  const known = previous?.featureNames ?? null;
  if (known && chunk.names?.some((name, j) => name !== known[j])) {
    throw new RangeError(
      `${chunk.label}the features are ${chunk.names!.map((n) => `'${n}'`).join(', ')}, but the model was trained on ` +
        `${known.map((n) => `'${n}'`).join(', ')}`,
    );
  }
  const problem = engine.storeProblem(m, chunk.y, o.dtype, { sampleWeight: chunk.sampleWeight });
  try {
    const bad = problem.firstNonFinite();
    if (bad >= 0) throw labelled(nonFiniteError(m, bad, o.dtype), chunk.label);
    let stats = previous?.stats ?? null;
    let scaling: FittedState['scaling'] = null;
    if (o.standardize) {
      if (fixed) {
        scaling = fixed;
      } else {
        const moments = problem.columnMoments();
        stats = mergeMoments(stats, m.rows, moments.mean, moments.m2);
        scaling = scalingOf(stats, o.fitIntercept);
      }
      problem.standardizeWith(scaling);
    }
    const n = m.rows;
    const plan = planDescent(problem, o, {
      n,
      d: m.cols,
      sampleWeight: chunk.sampleWeight,
      previous,
      scaling,
      chunk: true,
    });
    const initial = plan.config.initial;
    const chunkLoss = initial
      ? problem.meanLoss(initial.weights, initial.intercept, o.loss, o.epsilon)
      : problem.meanLoss(new Float64Array(m.cols), 0, o.loss, o.epsilon);
    const training = problem.startTraining(plan.config);
    if (training.run(1) === STATUS_DIVERGED) {
      throw labelled(divergence(problem, training, o, plan, n, scaling !== null), chunk.label);
    }
    const model = training.model();
    const { coef, intercept } = toOriginalUnits(model.coef, model.intercept, scaling);
    const none = new Float64Array(0);
    const state: FittedState = {
      nFeatures: m.cols,
      coef,
      intercept,
      scaling,
      stats,
      snapshot: training.snapshot(),
      featureNames: chunk.names ?? known,
      training: {
        nSamples: n,
        epochs: 1,
        converged: false,
        learningRate: firstStep(o, plan.learningRate),
        history: training.history(1),
        validationHistory: none,
        bestEpoch: null,
        progressiveHistory: none,
      },
    };
    return { state, loss: training.loss(0), chunkLoss };
  } finally {
    problem.dispose();
  }
}

/**
 * partialFit: one pass over `chunk` from `previous`, its losses appended to the histories (the
 * training loss to history, the loss before training to progressiveHistory).
 */
export function partialFit(
  engine: Engine,
  o: ResolvedOptions,
  previous: FittedState | null,
  chunk: ReadChunk,
): FittedState {
  const result = trainChunk(engine, o, previous, chunk, null);
  const t = previous?.snapshot ? previous.training : null;
  result.state.training = {
    ...result.state.training,
    nSamples: (t?.nSamples ?? 0) + chunk.X.rows,
    epochs: (t?.epochs ?? 0) + 1,
    history: appended(t?.history, result.loss),
    progressiveHistory: appended(t?.progressiveHistory, result.chunkLoss),
  };
  return result.state;
}

/**
 * values with value appended, in spare room of values' buffer when there is some (capacity doubles),
 * so that a long run of partialFit calls costs linear, not quadratic, time. The entries before are
 * never written, so the previous state's view stays valid.
 */
function appended(values: Float64Array | undefined, value: number): Float64Array {
  const length = values?.length ?? 0;
  const room = values && values.byteOffset === 0 && values.buffer.byteLength >= (length + 1) * 8;
  const out = room ? new Float64Array(values.buffer, 0, length + 1) : new Float64Array(Math.max(16, 2 * length));
  if (!room && values) out.set(values);
  out[length] = value;
  return room ? out : out.subarray(0, length + 1);
}
