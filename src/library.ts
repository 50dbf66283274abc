// The public API that linwasm and linwasm/slim share: everything but `init`, which differs in where
// the WebAssembly comes from (src/index.ts embeds it, src/slim.ts is given it).

export type { ColumnMatrix, Matrix, MatrixInput, NumericColumn, VectorInput } from './api/data.js';
export { DivergenceError, NotFittedError, SingularMatrixError } from './api/errors.js';
export type {
  ChunkInfo,
  EpochInfo,
  FitOptions,
  StreamEpochInfo,
  StreamOptions,
  TargetInput,
} from './api/fit-options.js';
export type { SklearnDocument } from './api/interchange.js';
export {
  explainedVariance,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  medianAbsoluteError,
  r2Score,
  rootMeanSquaredError,
} from './api/metrics.js';
export type { ModelJSON, SnapshotJSON, TrainingSummary } from './api/model.js';
export type { FeatureRecord } from './api/names.js';
export type { LinearRegressionOptions, Loss, OptimizerName, ResolvedOptions, Schedule, Solver } from './api/options.js';
export type { ArrowTableLike, ArrowVectorLike, ColumnSelection } from './arrow/table.js';
export type { DType } from './engine/engine.js';
export { memoryInfo, releaseMemory } from './engine/wasm/memory.js';
export {
  type InitOptions,
  relaxedSimdSupported,
  terminate,
  type WasmBuild,
  type WasmSource,
  wasmBuild,
  wasmModule,
} from './engine/wasm/module.js';
export { type ResidentMatrix, type ResidentOptions, residentMatrix } from './engine/wasm/resident.js';
export type { Threads } from './engine/wasm/threads.js';
export {
  MAX_POLYNOMIAL_VALUES,
  type PolynomialFeatures,
  type PolynomialOptions,
  polynomialFeatures,
} from './features/polynomial.js';
export type { Estimator } from './fit/estimator.js';
export { mergeMoments, type RunningStats, scalingOf } from './fit/running-stats.js';
export type { Chunk, ChunkSource, Chunks, CsvChunkOptions, FileChunkOptions, FileFormat } from './fit/sources.js';
export { LinearRegression } from './LinearRegression.js';
export type { OnnxOptions } from './onnx/write.js';
export { type CrossValidateOptions, type CrossValidation, crossValidate } from './select/cross-validate.js';
export {
  type Curve,
  type CurveOptions,
  type LearningCurve,
  type LearningCurveOptions,
  learningCurve,
  type ValidationCurve,
  type ValidationCurveOptions,
  validationCurve,
} from './select/curves.js';
export { type Fold, type KFoldOptions, kFold } from './select/kfold.js';
export { type RidgeCVOptions, type RidgeCVResult, ridgeCV } from './select/ridge-cv.js';
export type { Scoring } from './select/scoring.js';
export {
  type Grid,
  type SearchCandidate,
  type SearchOptions,
  type SearchResult,
  searchGrid,
} from './select/search-grid.js';
export { type Split, type SplitOptions, trainTestSplit } from './select/split.js';
export type { RegressionSummary, SummaryOptions } from './stats/summary.js';
