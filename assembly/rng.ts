// Seeded PRNG for the row shuffle: xoshiro128** (Blackman and Vigna), seeded by splitmix32. It uses
// only 32-bit integer operations, so the JS baseline reproduces the stream exactly with Math.imul,
// and the same seed gives the same row order in every engine.
// State: 4 u32 at statePtr.

/** Seeds the state at statePtr from a 32-bit seed. */
export function rngSeed(statePtr: usize, seed: u32): void {
  let z = seed;
  for (let k = 0; k < 4; k++) {
    z += 0x9e3779b9;
    let t = z;
    t = (t ^ (t >>> 16)) * 0x85ebca6b;
    t = (t ^ (t >>> 13)) * 0xc2b2ae35;
    t ^= t >>> 16;
    store<u32>(statePtr + (<usize>k << 2), t);
  }
  // An all-zero state would be a fixed point; splitmix32 cannot produce four zeros, but be explicit.
  if ((load<u32>(statePtr) | load<u32>(statePtr, 4) | load<u32>(statePtr, 8) | load<u32>(statePtr, 12)) == 0) {
    store<u32>(statePtr, 1);
  }
}

/** The next u32 of the stream. */
export function rngNext(statePtr: usize): u32 {
  let s0 = load<u32>(statePtr);
  let s1 = load<u32>(statePtr, 4);
  let s2 = load<u32>(statePtr, 8);
  let s3 = load<u32>(statePtr, 12);
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  store<u32>(statePtr, s0);
  store<u32>(statePtr, s1, 4);
  store<u32>(statePtr, s2, 8);
  store<u32>(statePtr, s3, 12);
  return result;
}

/** A uniform integer in [0, k), as floor(u32 · 2⁻³² · k) in f64 (exact and identical in JS). */
// @ts-ignore: decorator
@inline export function rngBelow(statePtr: usize, k: u32): u32 {
  return <u32>Math.floor(<f64>rngNext(statePtr) * 2.3283064365386963e-10 * <f64>k);
}

/** Writes the identity permutation 0 … n−1 as u32 at permPtr. */
export function permutationInit(permPtr: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u32>(permPtr + (<usize>i << 2), <u32>i);
}

/**
 * A fresh uniformly random order of 0 … n−1 at permPtr (n u32): Fisher–Yates from the identity, so
 * that the order depends on the PRNG state alone, not on the previous epoch's order — which is what
 * lets a warm start or the next partialFit continue a run exactly with nothing but the PRNG saved.
 */
export function shuffle(permPtr: usize, n: i32, statePtr: usize): void {
  permutationInit(permPtr, n);
  for (let i = n - 1; i > 0; i--) {
    const j = rngBelow(statePtr, <u32>(i + 1));
    const a = permPtr + (<usize>i << 2);
    const b = permPtr + (<usize>j << 2);
    const t = load<u32>(a);
    store<u32>(a, load<u32>(b));
    store<u32>(b, t);
  }
}
