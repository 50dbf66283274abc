// Status codes of the numeric loops (assembly/status.ts) and the slots of their persistent state
// (assembly/train/state.ts). Shared by the WASM core and the pure-JS baseline.

export const STATUS_OK = 0;
export const STATUS_CONVERGED = 1;
export const STATUS_DIVERGED = 2;
export const STATUS_SINGULAR = 3;

export const SLOT_INTERCEPT = 0;
export const SLOT_EPOCH = 1;
export const SLOT_BEST = 2;
export const SLOT_STALL = 3;
export const SLOT_FIRST = 4;
export const STATE_SLOTS = 5;

/** An objective this many times the first epoch's has exploded (assembly/train/state.ts). */
export const EXPLODED = 1e4;
