// Scratch memory for the tests that call the core's kernels directly (kept apart from helpers.ts, whose
// references are independent of the code under test).
import { type Arena, arena } from '../src/engine/wasm/arena.js';

/** Runs fn with the core's arena, and frees what it allocated. */
export function withArena<T>(fn: (a: Arena) => T): T {
  const a = arena();
  const mark = a.mark();
  try {
    return fn(a);
  } finally {
    a.release(mark);
  }
}
