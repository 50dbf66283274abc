// fitStream: passes over a source of chunks, one chunk in memory at a time — an optional first pass
// that merges every chunk's column statistics, then epochs of partialFit's pass, judged by the
// stopping rule of the trainers (engine/stopping.ts) on the progressive validation loss.
import { readChunk, throwIfAborted } from '../api/check-input.js';
import type { ChunkInfo, StreamOptions } from '../api/fit-options.js';
import type { FittedState } from '../api/model.js';
import type { ResolvedOptions } from '../api/options.js';
import type { Engine } from '../engine/engine.js';
import { SLOT_BEST, SLOT_ETA, STATE_SLOTS } from '../engine/layout.js';
import { stalled } from '../engine/stopping.js';
import { trainChunk } from './chunk.js';
import { mergeMoments, type RunningStats, scalingOf } from './running-stats.js';
import { type ChunkSource, canReread, chunksOf, type FileChunkOptions } from './sources.js';

/**
 * The model trained on `source` (options checked: `so`), from `initial` (warmStart) or θ = 0.
 * @throws (rejects) as partialFit; TypeError for a bad source; RangeError for a source without rows;
 * signal.reason on abort.
 */
export async function fitStream(
  engine: Engine,
  o: ResolvedOptions,
  initial: FittedState | null,
  source: ChunkSource,
  so: StreamOptions & { epochs: number },
): Promise<FittedState> {
  const firstPass = o.standardize && (so.scaling ?? (canReread(source) ? 'firstPass' : 'online')) === 'firstPass';
  const reads = so.epochs + (firstPass ? 1 : 0);
  const file = fileOptions(so);
  let fixed: FittedState['scaling'] = null;
  let stats: RunningStats | null = null;
  if (firstPass) {
    for await (const raw of await chunksOf(source, reads, file, o.dtype)) {
      throwIfAborted(so.signal);
      const chunk = readChunk(raw);
      const problem = engine.storeProblem(chunk.X, chunk.y, o.dtype);
      try {
        const moments = problem.columnMoments();
        stats = mergeMoments(stats, chunk.X.rows, moments.mean, moments.m2);
      } finally {
        problem.dispose();
      }
    }
    if (!stats) throw new RangeError('fitStream: the source has no rows');
    fixed = scalingOf(stats, o.fitIntercept);
  }
  let state = initial;
  const history: number[] = [];
  const progressive: number[] = [];
  // The stopping rule's slots (best, stall, and adaptive's step), as a trainer keeps them.
  const rule = new Float64Array(STATE_SLOTS);
  rule[SLOT_BEST] = Number.POSITIVE_INFINITY;
  let converged = false;
  let rows = 0;
  for (let epoch = 1; epoch <= so.epochs; epoch++) {
    rows = 0;
    let lossSum = 0;
    let progressiveSum = 0;
    let index = 0;
    let stop = false;
    for await (const raw of await chunksOf(source, reads, file, o.dtype)) {
      throwIfAborted(so.signal);
      index++;
      const chunk = readChunk(raw, index);
      const result = trainChunk(engine, o, state, chunk, fixed);
      state = result.state;
      const n = chunk.X.rows;
      rows += n;
      lossSum += result.loss * n;
      progressiveSum += result.chunkLoss * n;
      const info: ChunkInfo = {
        epoch,
        chunk: index,
        rows: n,
        rowsSeen: rows,
        chunkLoss: result.chunkLoss,
        progressiveLoss: progressiveSum / rows,
        loss: result.loss,
      };
      if (so.onChunk?.(info) === false) {
        stop = true;
        break;
      }
    }
    throwIfAborted(so.signal);
    if (rows === 0 || !state) throw new RangeError(`fitStream: the source has no rows in epoch ${epoch}`);
    history.push(lossSum / rows);
    progressive.push(progressiveSum / rows);
    const watched = progressiveSum / rows;
    if (stop || so.onEpoch?.({ epoch, loss: lossSum / rows, progressiveLoss: watched, rows }) === false) break;
    // The chunks carry adaptive's step in their snapshot; the rule may divide it for the next epoch.
    const snap = state.snapshot;
    if (snap) rule[SLOT_ETA] = snap.eta;
    if (stalled(rule, watched, o.tolerance ?? -1, o.patience, o.schedule === 'adaptive' && snap !== null)) {
      converged = true;
      break;
    }
    if (snap) snap.eta = rule[SLOT_ETA];
  }
  if (!state) throw new RangeError('fitStream: the source has no rows');
  state.stats = stats ?? state.stats;
  state.training = {
    ...state.training,
    nSamples: rows,
    epochs: history.length,
    converged,
    history: Float64Array.from(history),
    progressiveHistory: Float64Array.from(progressive),
  };
  return state;
}

/** The file-reading options of fitStream: `columns`, or `csv` (its older name for CSV files). */
function fileOptions(so: StreamOptions): FileChunkOptions | undefined {
  if (so.columns && so.csv) {
    throw new TypeError("fitStream takes the option 'columns' or 'csv' (the same thing), not both");
  }
  return so.columns ?? so.csv;
}
