// The TypeScript view of the WASM exports (assembly/index.ts); the status codes and state slots the
// core shares with TypeScript are mirrored in src/status.ts. Pointers are byte offsets into the
// module's linear memory; booleans cross the boundary as 0/1.

export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;

  matvecF64(xPtr: number, n: number, d: number, wPtr: number, b: number, outPtr: number): void;
  matvecF32(xPtr: number, n: number, d: number, wPtr: number, b: number, outPtr: number): void;

  gradientF64(
    xPtr: number,
    yPtr: number,
    d: number,
    idxPtr: number,
    start: number,
    end: number,
    wPtr: number,
    b: number,
    gPtr: number,
    accPtr: number,
  ): number;
  gradientF32(
    xPtr: number,
    yPtr: number,
    d: number,
    idxPtr: number,
    start: number,
    end: number,
    wPtr: number,
    b: number,
    gPtr: number,
    accPtr: number,
  ): number;

  updateF64(wPtr: number, gPtr: number, d: number, shrink: number, step: number): void;
  updateF32(wPtr: number, gPtr: number, d: number, shrink: number, step: number): void;

  trainBatchF64(...args: TrainBatchArgs): number;
  trainBatchF32(...args: TrainBatchArgs): number;
  trainMinibatchF64(...args: TrainMinibatchArgs): number;
  trainMinibatchF32(...args: TrainMinibatchArgs): number;
  trainSgdF64(...args: TrainSgdArgs): number;
  trainSgdF32(...args: TrainSgdArgs): number;
  trainGeneralF64(...args: TrainGeneralArgs): number;
  trainGeneralF32(...args: TrainGeneralArgs): number;
  meanLossF64(...args: MeanLossArgs): number;
  meanLossF32(...args: MeanLossArgs): number;
  modelWeightsF64(statePtr: number, workPtr: number, wPtr: number, d: number, outPtr: number): void;
  modelWeightsF32(statePtr: number, workPtr: number, wPtr: number, d: number, outPtr: number): void;

  powerIterationF64(...args: PowerIterationArgs): number;
  powerIterationF32(...args: PowerIterationArgs): number;

  firstNonFiniteF64(ptr: number, count: number): number;
  firstNonFiniteF32(ptr: number, count: number): number;
  columnStatsF64(xPtr: number, n: number, d: number, center: number, meanPtr: number, scalePtr: number): void;
  columnStatsF32(xPtr: number, n: number, d: number, center: number, meanPtr: number, scalePtr: number): void;
  columnMomentsF64(xPtr: number, n: number, d: number, meanPtr: number, m2Ptr: number): void;
  columnMomentsF32(xPtr: number, n: number, d: number, meanPtr: number, m2Ptr: number): void;
  /** Column-major f64 (d columns of n) at srcPtr → row-major n×d of the dtype at dstPtr. */
  transposeF64(srcPtr: number, n: number, d: number, dstPtr: number): void;
  transposeF32(srcPtr: number, n: number, d: number, dstPtr: number): void;
  standardizeF64(xPtr: number, n: number, d: number, meanPtr: number, scalePtr: number): void;
  standardizeF32(xPtr: number, n: number, d: number, meanPtr: number, scalePtr: number): void;
  maxRowNormSqF64(xPtr: number, n: number, d: number): number;
  maxRowNormSqF32(xPtr: number, n: number, d: number): number;

  gramF64(...args: GramArgs): void;
  gramF32(...args: GramArgs): void;
  choleskySolve(aPtr: number, cPtr: number, d: number, ridge: number, wPtr: number, infoPtr: number): number;
  jacobiEigen(aPtr: number, d: number, vPtr: number, eigPtr: number, maxSweeps: number): number;
  ridgeLooF64(...args: RidgeLooArgs): void;
  ridgeLooF32(...args: RidgeLooArgs): void;

  rngSeed(statePtr: number, seed: number): void;
  rngNext(statePtr: number): number;
  permutationInit(permPtr: number, n: number): void;
  shuffle(permPtr: number, n: number, statePtr: number): void;

  /** The benchmark's memory-bandwidth reference (assembly/kernels/bandwidth.ts). */
  readBandwidth(ptr: number, bytes: number): number;
}

type TrainBatchArgs = [
  xPtr: number,
  yPtr: number,
  n: number,
  d: number,
  wPtr: number,
  gPtr: number,
  accPtr: number,
  historyPtr: number,
  statePtr: number,
  learningRate: number,
  l2: number,
  fitIntercept: number,
  tolerance: number,
  patience: number,
  epochEnd: number,
];
type TrainMinibatchArgs = [
  xPtr: number,
  yPtr: number,
  n: number,
  d: number,
  wPtr: number,
  gPtr: number,
  accPtr: number,
  historyPtr: number,
  statePtr: number,
  permPtr: number,
  rngPtr: number,
  shuffle: number,
  batchSize: number,
  learningRate: number,
  l2: number,
  fitIntercept: number,
  tolerance: number,
  patience: number,
  epochEnd: number,
];
type TrainSgdArgs = [
  xPtr: number,
  yPtr: number,
  n: number,
  d: number,
  wPtr: number,
  historyPtr: number,
  statePtr: number,
  permPtr: number,
  rngPtr: number,
  shuffle: number,
  learningRate: number,
  l2: number,
  fitIntercept: number,
  tolerance: number,
  patience: number,
  epochEnd: number,
];
type TrainGeneralArgs = [
  xPtr: number,
  yPtr: number,
  sPtr: number,
  n: number,
  nValidation: number,
  d: number,
  wPtr: number,
  workPtr: number,
  historyPtr: number,
  validationPtr: number,
  statePtr: number,
  configPtr: number,
  permPtr: number,
  rngPtr: number,
  epochEnd: number,
];
type MeanLossArgs = [
  xPtr: number,
  yPtr: number,
  sPtr: number,
  from: number,
  to: number,
  d: number,
  wPtr: number,
  b: number,
  loss: number,
  epsilon: number,
];
type PowerIterationArgs = [
  xPtr: number,
  n: number,
  d: number,
  fitIntercept: number,
  vPtr: number,
  wPtr: number,
  gPtr: number,
  accPtr: number,
  rngPtr: number,
  maxIter: number,
  tol: number,
];
type GramArgs = [
  xPtr: number,
  yPtr: number,
  sPtr: number,
  n: number,
  d: number,
  center: number,
  meanPtr: number,
  aPtr: number,
  cPtr: number,
  rowsPtr: number,
];
type RidgeLooArgs = [
  xPtr: number,
  yPtr: number,
  n: number,
  d: number,
  center: number,
  meanPtr: number,
  cPtr: number,
  vPtr: number,
  eigPtr: number,
  alphasPtr: number,
  nAlphas: number,
  rowPtr: number,
  zPtr: number,
  fitPtr: number,
  levPtr: number,
  invPtr: number,
  outPtr: number,
];
