// The linwasm ABI: every export the TypeScript side calls, and nothing else. Kernels are generic in
// the element type of X; each is exported once per dtype (F64: float64 data, f64x2; F32: float32
// data, f32x4). All pointers address memory that TypeScript allocated; WASM allocates nothing. The
// numbers shared with TypeScript (status codes, state slots, settings fields, option codes) are in
// layout.ts; the TypeScript declarations of these exports are generated from this file's bindings
// (scripts/generate-abi.mjs).

import { gradient } from "./kernels/gradient";
import { columnMoments, columnStats, firstNonFinite, maxRowNormSq, standardize } from "./kernels/stats";
import { transpose } from "./kernels/transpose";
import { update } from "./kernels/update";
import { gram } from "./solve/gram";
import { ridgeLoo } from "./solve/loo";
import { blockedMatvec } from "./parallel/pool";
import { trainBatch } from "./train/batch";
import { powerIteration } from "./train/lipschitz";
import { trainMinibatch } from "./train/minibatch";
import { trainSgd } from "./train/sgd";
import { trainGeneral } from "./train/general";
import { meanLoss, modelWeights } from "./train/validation";

export { choleskySolve } from "./solve/cholesky";
export { jacobiEigen } from "./solve/eigen";
export { permutationInit, rngNext, rngSeed, shuffle } from "./rng";
export { readBandwidth } from "./kernels/bandwidth";

export { heapBase, poolReset, poolSetThreads, poolStop, workerLoop } from "./parallel/pool";

export function matvecF64(xPtr: usize, n: i32, d: i32, wPtr: usize, b: f64, outPtr: usize): void {
  blockedMatvec<f64>(xPtr, n, d, wPtr, b, outPtr);
}
export function matvecF32(xPtr: usize, n: i32, d: i32, wPtr: usize, b: f64, outPtr: usize): void {
  blockedMatvec<f32>(xPtr, n, d, wPtr, b, outPtr);
}

export function gradientF64(
  xPtr: usize, yPtr: usize, d: i32, idxPtr: usize, start: i32, end: i32,
  wPtr: usize, b: f64, gPtr: usize, accPtr: usize,
): f64 {
  return gradient<f64>(xPtr, yPtr, d, idxPtr, start, end, wPtr, b, gPtr, accPtr);
}
export function gradientF32(
  xPtr: usize, yPtr: usize, d: i32, idxPtr: usize, start: i32, end: i32,
  wPtr: usize, b: f64, gPtr: usize, accPtr: usize,
): f64 {
  return gradient<f32>(xPtr, yPtr, d, idxPtr, start, end, wPtr, b, gPtr, accPtr);
}

export function updateF64(wPtr: usize, gPtr: usize, d: i32, shrink: f64, step: f64): void {
  update<f64>(wPtr, gPtr, d, shrink, step);
}
export function updateF32(wPtr: usize, gPtr: usize, d: i32, shrink: f64, step: f64): void {
  update<f32>(wPtr, gPtr, d, shrink, step);
}

export function trainBatchF64(
  xPtr: usize, yPtr: usize, n: i32, d: i32, wPtr: usize, gPtr: usize, accPtr: usize, historyPtr: usize,
  statePtr: usize, configPtr: usize, epochEnd: i32, partPtr: usize,
): i32 {
  return trainBatch<f64>(xPtr, yPtr, n, d, wPtr, gPtr, accPtr, historyPtr, statePtr, configPtr, epochEnd, partPtr);
}
export function trainBatchF32(
  xPtr: usize, yPtr: usize, n: i32, d: i32, wPtr: usize, gPtr: usize, accPtr: usize, historyPtr: usize,
  statePtr: usize, configPtr: usize, epochEnd: i32, partPtr: usize,
): i32 {
  return trainBatch<f32>(xPtr, yPtr, n, d, wPtr, gPtr, accPtr, historyPtr, statePtr, configPtr, epochEnd, partPtr);
}

export function trainMinibatchF64(
  xPtr: usize, yPtr: usize, n: i32, d: i32, wPtr: usize, gPtr: usize, accPtr: usize, historyPtr: usize,
  statePtr: usize, configPtr: usize, permPtr: usize, rngPtr: usize, epochEnd: i32,
): i32 {
  return trainMinibatch<f64>(xPtr, yPtr, n, d, wPtr, gPtr, accPtr, historyPtr, statePtr, configPtr, permPtr, rngPtr,
    epochEnd);
}
export function trainMinibatchF32(
  xPtr: usize, yPtr: usize, n: i32, d: i32, wPtr: usize, gPtr: usize, accPtr: usize, historyPtr: usize,
  statePtr: usize, configPtr: usize, permPtr: usize, rngPtr: usize, epochEnd: i32,
): i32 {
  return trainMinibatch<f32>(xPtr, yPtr, n, d, wPtr, gPtr, accPtr, historyPtr, statePtr, configPtr, permPtr, rngPtr,
    epochEnd);
}

export function trainSgdF64(
  xPtr: usize, yPtr: usize, n: i32, d: i32, wPtr: usize, historyPtr: usize, statePtr: usize, configPtr: usize,
  permPtr: usize, rngPtr: usize, epochEnd: i32,
): i32 {
  return trainSgd<f64>(xPtr, yPtr, n, d, wPtr, historyPtr, statePtr, configPtr, permPtr, rngPtr, epochEnd);
}
export function trainSgdF32(
  xPtr: usize, yPtr: usize, n: i32, d: i32, wPtr: usize, historyPtr: usize, statePtr: usize, configPtr: usize,
  permPtr: usize, rngPtr: usize, epochEnd: i32,
): i32 {
  return trainSgd<f32>(xPtr, yPtr, n, d, wPtr, historyPtr, statePtr, configPtr, permPtr, rngPtr, epochEnd);
}

export function powerIterationF64(
  xPtr: usize, n: i32, d: i32, fitIntercept: bool, vPtr: usize, wPtr: usize, gPtr: usize,
  accPtr: usize, rngPtr: usize, maxIter: i32, tol: f64, partPtr: usize,
): f64 {
  return powerIteration<f64>(xPtr, n, d, fitIntercept, vPtr, wPtr, gPtr, accPtr, rngPtr, maxIter, tol, partPtr);
}
export function powerIterationF32(
  xPtr: usize, n: i32, d: i32, fitIntercept: bool, vPtr: usize, wPtr: usize, gPtr: usize,
  accPtr: usize, rngPtr: usize, maxIter: i32, tol: f64, partPtr: usize,
): f64 {
  return powerIteration<f32>(xPtr, n, d, fitIntercept, vPtr, wPtr, gPtr, accPtr, rngPtr, maxIter, tol, partPtr);
}

export function firstNonFiniteF64(ptr: usize, count: i32): i32 {
  return firstNonFinite<f64>(ptr, count);
}
export function firstNonFiniteF32(ptr: usize, count: i32): i32 {
  return firstNonFinite<f32>(ptr, count);
}

export function columnStatsF64(xPtr: usize, n: i32, d: i32, center: bool, meanPtr: usize, scalePtr: usize): void {
  columnStats<f64>(xPtr, n, d, center, meanPtr, scalePtr);
}
export function columnStatsF32(xPtr: usize, n: i32, d: i32, center: bool, meanPtr: usize, scalePtr: usize): void {
  columnStats<f32>(xPtr, n, d, center, meanPtr, scalePtr);
}

export function standardizeF64(xPtr: usize, n: i32, d: i32, meanPtr: usize, scalePtr: usize): void {
  standardize<f64>(xPtr, n, d, meanPtr, scalePtr);
}
export function standardizeF32(xPtr: usize, n: i32, d: i32, meanPtr: usize, scalePtr: usize): void {
  standardize<f32>(xPtr, n, d, meanPtr, scalePtr);
}

export function maxRowNormSqF64(xPtr: usize, n: i32, d: i32): f64 {
  return maxRowNormSq<f64>(xPtr, n, d);
}
export function maxRowNormSqF32(xPtr: usize, n: i32, d: i32): f64 {
  return maxRowNormSq<f32>(xPtr, n, d);
}

export function gramF64(
  xPtr: usize, yPtr: usize, sPtr: usize, n: i32, d: i32, center: bool, meanPtr: usize, aPtr: usize,
  cPtr: usize, rowsPtr: usize,
): void {
  gram<f64>(xPtr, yPtr, sPtr, n, d, center, meanPtr, aPtr, cPtr, rowsPtr);
}
export function gramF32(
  xPtr: usize, yPtr: usize, sPtr: usize, n: i32, d: i32, center: bool, meanPtr: usize, aPtr: usize,
  cPtr: usize, rowsPtr: usize,
): void {
  gram<f32>(xPtr, yPtr, sPtr, n, d, center, meanPtr, aPtr, cPtr, rowsPtr);
}

export function trainGeneralF64(
  xPtr: usize, yPtr: usize, sPtr: usize, n: i32, nHeldOut: i32, d: i32, wPtr: usize, workPtr: usize,
  historyPtr: usize, validationPtr: usize, statePtr: usize, configPtr: usize, permPtr: usize, rngPtr: usize,
  epochEnd: i32,
): i32 {
  return trainGeneral<f64>(xPtr, yPtr, sPtr, n, nHeldOut, d, wPtr, workPtr, historyPtr, validationPtr,
    statePtr, configPtr, permPtr, rngPtr, epochEnd);
}
export function trainGeneralF32(
  xPtr: usize, yPtr: usize, sPtr: usize, n: i32, nHeldOut: i32, d: i32, wPtr: usize, workPtr: usize,
  historyPtr: usize, validationPtr: usize, statePtr: usize, configPtr: usize, permPtr: usize, rngPtr: usize,
  epochEnd: i32,
): i32 {
  return trainGeneral<f32>(xPtr, yPtr, sPtr, n, nHeldOut, d, wPtr, workPtr, historyPtr, validationPtr,
    statePtr, configPtr, permPtr, rngPtr, epochEnd);
}

export function modelWeightsF64(statePtr: usize, workPtr: usize, wPtr: usize, d: i32, outPtr: usize): void {
  modelWeights<f64>(statePtr, workPtr, wPtr, d, outPtr);
}
export function modelWeightsF32(statePtr: usize, workPtr: usize, wPtr: usize, d: i32, outPtr: usize): void {
  modelWeights<f32>(statePtr, workPtr, wPtr, d, outPtr);
}

export function meanLossF64(
  xPtr: usize, yPtr: usize, sPtr: usize, from: i32, to: i32, d: i32, wPtr: usize, b: f64, loss: i32, epsilon: f64,
): f64 {
  return meanLoss<f64>(xPtr, yPtr, sPtr, from, to, d, wPtr, b, loss, epsilon);
}
export function meanLossF32(
  xPtr: usize, yPtr: usize, sPtr: usize, from: i32, to: i32, d: i32, wPtr: usize, b: f64, loss: i32, epsilon: f64,
): f64 {
  return meanLoss<f32>(xPtr, yPtr, sPtr, from, to, d, wPtr, b, loss, epsilon);
}

export function columnMomentsF64(xPtr: usize, n: i32, d: i32, meanPtr: usize, m2Ptr: usize): void {
  columnMoments<f64>(xPtr, n, d, meanPtr, m2Ptr);
}
export function columnMomentsF32(xPtr: usize, n: i32, d: i32, meanPtr: usize, m2Ptr: usize): void {
  columnMoments<f32>(xPtr, n, d, meanPtr, m2Ptr);
}

export function ridgeLooF64(
  xPtr: usize, yPtr: usize, n: i32, d: i32, center: bool, meanPtr: usize, cPtr: usize, vPtr: usize, eigPtr: usize,
  alphasPtr: usize, nAlphas: i32, rowPtr: usize, zPtr: usize, fitPtr: usize, levPtr: usize, invPtr: usize, outPtr: usize,
): void {
  ridgeLoo<f64>(xPtr, yPtr, n, d, center, meanPtr, cPtr, vPtr, eigPtr, alphasPtr, nAlphas, rowPtr, zPtr, fitPtr, levPtr,
    invPtr, outPtr);
}
export function ridgeLooF32(
  xPtr: usize, yPtr: usize, n: i32, d: i32, center: bool, meanPtr: usize, cPtr: usize, vPtr: usize, eigPtr: usize,
  alphasPtr: usize, nAlphas: i32, rowPtr: usize, zPtr: usize, fitPtr: usize, levPtr: usize, invPtr: usize, outPtr: usize,
): void {
  ridgeLoo<f32>(xPtr, yPtr, n, d, center, meanPtr, cPtr, vPtr, eigPtr, alphasPtr, nAlphas, rowPtr, zPtr, fitPtr, levPtr,
    invPtr, outPtr);
}
export function transposeF64(srcPtr: usize, n: i32, d: i32, dstPtr: usize): void {
  transpose<f64>(srcPtr, n, d, dstPtr);
}
export function transposeF32(srcPtr: usize, n: i32, d: i32, dstPtr: usize): void {
  transpose<f32>(srcPtr, n, d, dstPtr);
}
