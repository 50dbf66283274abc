// Twin of assembly/rng.ts: xoshiro128** seeded by splitmix32, in 32-bit integer arithmetic, so
// the stream (and so every shuffle) is identical to the WASM core's.

/**
 * The seeded PRNG of the row shuffles and held-out rows: xoshiro128** seeded by splitmix32 (the seed
 * taken as an unsigned 32-bit integer), the same stream as the WASM core's in every runtime.
 */
export class Rng {
  private readonly s = new Uint32Array(4);

  constructor(seed: number) {
    let z = seed >>> 0;
    for (let k = 0; k < 4; k++) {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
      t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
      this.s[k] = t ^ (t >>> 16);
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** The four 32-bit state words (a copy): the stream continues from them after setWords. */
  words(): Uint32Array {
    return this.s.slice();
  }

  /** Sets the four state words (as the WASM core's rngPtr holds them). */
  setWords(words: ArrayLike<number>): void {
    for (let k = 0; k < 4; k++) this.s[k] = words[k];
  }

  /** The next u32 of the stream. */
  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniform integer in [0, k): floor(u32 · 2⁻³² · k), evaluated exactly as in WASM. */
  below(k: number): number {
    return Math.floor(this.next() * 2.3283064365386963e-10 * k);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The identity permutation 0 … n−1. */
export function permutationInit(n: number): Uint32Array {
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  return perm;
}

/** A fresh random order of 0 … perm.length−1: Fisher–Yates from the identity (twin of shuffle in assembly/rng.ts). */
export function shuffle(perm: Uint32Array, rng: Rng): void {
  for (let i = 0; i < perm.length; i++) perm[i] = i;
  for (let i = perm.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
}
