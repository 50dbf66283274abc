import { zeroF64 } from "../kernels/vector";
import { blockedGradient } from "../parallel/pool";
import { rngNext, rngSeed } from "../rng";

/**
 * powerIteration: λ, the largest eigenvalue of (1/n)·ZᵀZ with Z = [X 1] (Z = X without an
 * intercept), by power iteration with every pass inside WASM. The MSE's curvature is at most 2λ,
 * so 1/(2λ) is a safe and fast batch-GD step. The result is a lower bound that converges from
 * below. Stops when λ changes by less than tol (relative) or
 * after maxIter passes over X.
 * X: n×d of type T at xPtr; v: d+1 f64 scratch; w: d of type T scratch; g: d+1 f64 scratch;
 * acc: d of type T scratch; rngPtr: 4 u32 scratch (a fixed seed makes the start vector, and so
 * the step, the same on every run); part: the pass's block slots (parallel/pool.ts blockedGradient),
 * so each pass runs on the pool's threads with the same bits on any number of them.
 */
export function powerIteration<T>(
  xPtr: usize,
  n: i32,
  d: i32,
  fitIntercept: bool,
  vPtr: usize,
  wPtr: usize,
  gPtr: usize,
  accPtr: usize,
  rngPtr: usize,
  maxIter: i32,
  tol: f64,
  partPtr: usize,
): f64 {
  const m = fitIntercept ? d + 1 : d;
  rngSeed(rngPtr, 0x5eed);
  zeroF64(vPtr, d + 1);
  for (let j = 0; j < m; j++) store<f64>(vPtr + (<usize>j << 3), <f64>rngNext(rngPtr) * 2.3283064365386963e-10 + 0.5);
  normalize(vPtr, m);
  let lambda: f64 = 0;
  for (let it = 0; it < maxIter; it++) {
    for (let j = 0; j < d; j++) store<T>(wPtr + (<usize>j) * sizeof<T>(), <T>load<f64>(vPtr + (<usize>j << 3)));
    const b = fitIntercept ? load<f64>(vPtr + (<usize>d << 3)) : 0;
    zeroF64(gPtr, d + 1);
    // With y = 0 the fused gradient pass computes ZᵀZ·v.
    blockedGradient<T>(xPtr, 0, n, d, wPtr, b, gPtr, accPtr, partPtr);
    let rayleigh: f64 = 0;
    for (let j = 0; j < m; j++) {
      const g = load<f64>(gPtr + (<usize>j << 3)) / <f64>n;
      store<f64>(gPtr + (<usize>j << 3), g);
      rayleigh += g * load<f64>(vPtr + (<usize>j << 3));
    }
    memory.copy(vPtr, gPtr, <usize>m << 3);
    const norm = normalize(vPtr, m);
    const previous = lambda;
    lambda = max(rayleigh, norm);
    if (norm == 0) break;
    if (Math.abs(lambda - previous) <= tol * lambda) break;
  }
  return lambda;
}

/** Scales m f64 at ptr to unit length; returns the length before scaling. */
function normalize(ptr: usize, m: i32): f64 {
  let s: f64 = 0;
  for (let j = 0; j < m; j++) s += load<f64>(ptr + (<usize>j << 3)) * load<f64>(ptr + (<usize>j << 3));
  const norm = Math.sqrt(s);
  if (norm > 0) for (let j = 0; j < m; j++) store<f64>(ptr + (<usize>j << 3), load<f64>(ptr + (<usize>j << 3)) / norm);
  return norm;
}
