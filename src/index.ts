// linwasm: linear regression trained and served from a WebAssembly SIMD core.
export type { ArrowTableLike, ArrowVectorLike, ColumnSelection } from './arrow-table.js';
export type { ColumnMatrix, Matrix, MatrixInput, NumericColumn, VectorInput } from './data.js';
export type { DType } from './engine.js';
export { DivergenceError, NotFittedError, SingularMatrixError } from './errors.js';
export type { ChunkInfo, EpochInfo, FitOptions, StreamEpochInfo, StreamOptions, TargetInput } from './estimator.js';
export type { SklearnDocument } from './interchange.js';
export { LinearRegression } from './LinearRegression.js';
export { meanAbsoluteError, meanSquaredError, r2Score } from './metrics.js';
export type { ModelJSON, TrainingSummary } from './model.js';
export type { OnnxOptions } from './onnx/write.js';
export type { LinearRegressionOptions, ResolvedOptions, Solver } from './options.js';
export { mergeMoments, type RunningStats, scalingOf } from './running-stats.js';
export type { Chunk, ChunkSource, CsvChunkOptions, FileChunkOptions, FileFormat } from './stream.js';
export { memoryInfo, releaseMemory } from './wasm/memory.js';
export { init, type WasmSource } from './wasm/module.js';
