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

/** An objective this many times the first epoch's has exploded (assembly/train/state.ts). */
export const EXPLODED = 1e4;
// The general trainer's slots (assembly/train/state.ts).
export const SLOT_STEP = 5;
export const SLOT_ETA = 6;
export const SLOT_L1_TOTAL = 7;
export const SLOT_AVERAGED = 8;
export const SLOT_BEST_EPOCH = 9;
export const SLOT_START = 10;
export const STATE_SLOTS = 11;

// The general trainer's settings block and workspace (assembly/train/config.ts).
export const CONFIG_LOSS = 0;
export const CONFIG_EPSILON = 1;
export const CONFIG_SCHEDULE = 2;
export const CONFIG_POWER_T = 3;
export const CONFIG_L1 = 4;
export const CONFIG_L2 = 5;
export const CONFIG_OPTIMIZER = 6;
export const CONFIG_MOMENTUM = 7;
export const CONFIG_BETA1 = 8;
export const CONFIG_BETA2 = 9;
export const CONFIG_ADAM_EPSILON = 10;
export const CONFIG_AVERAGE_FROM = 11;
export const CONFIG_BATCH_SIZE = 12;
export const CONFIG_SHUFFLE = 13;
export const CONFIG_FIT_INTERCEPT = 14;
export const CONFIG_TOLERANCE = 15;
export const CONFIG_PATIENCE = 16;
export const CONFIG_SLOTS = 17;

export const LOSSES = ['squaredError', 'huber', 'epsilonInsensitive'] as const;
export const SCHEDULES = ['constant', 'invscaling', 'optimal', 'adaptive'] as const;
export const OPTIMIZERS = ['plain', 'momentum', 'nesterov', 'adam'] as const;

export const WORK_GRADIENT = 0;
export const WORK_MOMENT1 = 1;
export const WORK_MOMENT2 = 2;
export const WORK_L1_APPLIED = 3;
export const WORK_AVERAGE = 4;
export const WORK_BEST = 5;
export const WORK_VECTORS = 6;
