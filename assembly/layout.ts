// The one definition of every number both sides of the boundary share: the status codes the loops
// return, the slots of a run's state, the fields of the settings block, the option codes, the
// layout of the trainers' workspace and the thresholds of the stopping rule. AssemblyScript compiles
// it into the core; scripts/generate-abi.mjs writes the same constants to src/engine/layout.ts at
// build time (with the name tables of the option codes), so no side keeps a copy by hand.
//
// Only `export const NAME = <number>;` with comments: the file must stay valid TypeScript as well as
// AssemblyScript (an integer literal is an i32 there, any other literal an f64). Blocks in memory
// are f64 slots: slot k of a block at ptr is the f64 at ptr + 8k.

// Status codes returned by trainers and solvers. The numeric loops never throw: they stop and
// report, and TypeScript turns a status into an error with advice.

/** The requested epochs ran (trainers), or the system was solved (exact solver). */
export const STATUS_OK = 0;
/** The watched quantity improved by less than tolerance·best for `patience` epochs in a row. */
export const STATUS_CONVERGED = 1;
/** The run diverged: a loss, weight or intercept stopped being finite, or the objective exploded
 *  (see endEpoch). The state's epoch is the last good one. */
export const STATUS_DIVERGED = 2;
/** The normal equations are singular; the info slot holds the column. */
export const STATUS_SINGULAR = 3;

// The state of a run (f64 slots at statePtr), which outlives one call, so that TypeScript can run
// the epochs in chunks (to report progress) and a trainer continues exactly where it stopped.

/** The intercept b. */
export const SLOT_INTERCEPT = 0;
/** Epochs completed so far. */
export const SLOT_EPOCH = 1;
/** Best watched quantity so far (TypeScript starts it at +Infinity). */
export const SLOT_BEST = 2;
/** Epochs in a row whose watched quantity improved by less than tolerance·best. */
export const SLOT_STALL = 3;
/** The objective of the run's first epoch (θ = 0 for batch GD): the yardstick for "exploded". */
export const SLOT_FIRST = 4;
/** The step count t of the schedules and Adam, from 1. */
export const SLOT_STEP = 5;
/** The step size η of the general trainer ('constant', and 'adaptive' divides it by 5 at a stall). */
export const SLOT_ETA = 6;
/** u of the cumulative L1 penalty: Σ η·l1 over the steps so far. */
export const SLOT_L1_TOTAL = 7;
/** Iterates averaged so far (0: not averaging yet). */
export const SLOT_AVERAGED = 8;
/** The epoch (0-based) of the best validation loss so far, whose model is kept; −1: none. */
export const SLOT_BEST_EPOCH = 9;
/** The objective at the run's starting weights (θ = 0, or the warm start's), set by TypeScript
 *  before the first epoch: a run that stalls above both it and its first epoch's objective has
 *  diverged, and the general trainer also stops a run that grows EXPLODED-fold from it. */
export const SLOT_START = 10;
/** Full-batch descent: the objective of the previous epoch (TypeScript starts it at +Infinity). */
export const SLOT_PREVIOUS = 11;
/** Full-batch descent: the previous epoch's decrease of the objective (its rate estimates the gap). */
export const SLOT_DECREASE = 12;
export const STATE_SLOTS = 13;

// The settings block (f64 slots at configPtr) that every trainer reads: a block in memory instead of
// two dozen arguments, so the list grows with each option and stays in one place.

/** LOSS_* code. */
export const CONFIG_LOSS = 0;
/** ε of the Huber and epsilon-insensitive losses. */
export const CONFIG_EPSILON = 1;
/** SCHEDULE_* code. */
export const CONFIG_SCHEDULE = 2;
/** Exponent of 'invscaling': η = η₀ / t^powerT. */
export const CONFIG_POWER_T = 3;
/** Weight of the L1 penalty l1·‖w‖₁. */
export const CONFIG_L1 = 4;
/** Weight of the L2 penalty l2·‖w‖². */
export const CONFIG_L2 = 5;
/** OPTIMIZER_* code. */
export const CONFIG_OPTIMIZER = 6;
/** μ of momentum and Nesterov. */
export const CONFIG_MOMENTUM = 7;
/** Adam's β₁. */
export const CONFIG_BETA1 = 8;
/** Adam's β₂. */
export const CONFIG_BETA2 = 9;
/** ε of Adam's denominator. */
export const CONFIG_ADAM_EPSILON = 10;
/** First epoch (0-based) whose iterates are averaged; −1: no averaging. */
export const CONFIG_AVERAGE_FROM = 11;
/** Rows per step of the mini-batch and general trainers (1: SGD; n: batch GD). */
export const CONFIG_BATCH_SIZE = 12;
/** 1: shuffle the rows every epoch. */
export const CONFIG_SHUFFLE = 13;
/** 1: fit an intercept. */
export const CONFIG_FIT_INTERCEPT = 14;
/** Relative tolerance of the stopping rule; negative disables it. */
export const CONFIG_TOLERANCE = 15;
/** Epochs without improvement before the stopping rule acts. */
export const CONFIG_PATIENCE = 16;
/** The constant step η of the plain trainers (the general trainer's η is in the state, SLOT_ETA). */
export const CONFIG_LEARNING_RATE = 17;
export const CONFIG_SLOTS = 18;

// Option codes, PREFIX_NAME with NAME the option's value in UPPER_SNAKE_CASE ('squaredError' is
// LOSS_SQUARED_ERROR), numbered from 0: the generator derives the TypeScript name tables from them.

export const LOSS_SQUARED_ERROR = 0;
export const LOSS_HUBER = 1;
export const LOSS_EPSILON_INSENSITIVE = 2;

export const SCHEDULE_CONSTANT = 0;
export const SCHEDULE_INVSCALING = 1;
export const SCHEDULE_OPTIMAL = 2;
export const SCHEDULE_ADAPTIVE = 3;

export const OPTIMIZER_PLAIN = 0;
export const OPTIMIZER_MOMENTUM = 1;
export const OPTIMIZER_NESTEROV = 2;
export const OPTIMIZER_ADAM = 3;

// The general trainer's workspace: WORK_VECTORS vectors of d + 1 f64 (slot d belongs to the intercept).

/** The gradient of the current step: Σ s·ψ(r)·x (slot d: Σ s·ψ(r)). */
export const WORK_GRADIENT = 0;
/** Momentum's velocity, or Adam's first moment. */
export const WORK_MOMENT1 = 1;
/** Adam's second moment. */
export const WORK_MOMENT2 = 2;
/** The L1 penalty actually applied to each weight so far (q of Tsuruoka et al.). */
export const WORK_L1_APPLIED = 3;
/** The average of the iterates since averaging began. */
export const WORK_AVERAGE = 4;
/** The model of the best validation epoch. */
export const WORK_BEST = 5;
export const WORK_VECTORS = 6;

// Thresholds of the stopping rule.

/** An objective this many times the first epoch's has exploded: no healthy run gets there. */
export const EXPLODED = 1e4;
/** Full-batch descent: a decrease below this fraction of the objective is rounding, not progress. */
export const ROUNDING = 1e-14;
/** 'adaptive' divides its step at a stall while the step is above this, then stops (scikit-learn's rule). */
export const ADAPTIVE_MIN_ETA = 1e-6;

// Threads.

/** Bytes of X per block of rows in the full-batch gradient and predict: blocks are fixed by the data's
 *  shape, never by the number of threads, so sums added block by block are the same bits on any. */
export const GRADIENT_BLOCK_BYTES = 262144;
/** Bytes the exact solver's partial Gram matrices may take together (one d×d partial per block of rows):
 *  above it the Gram blocks are fixed super-blocks of several gradient blocks (solve/gram.ts gramBlockRows). */
export const GRAM_PART_BYTES = 33554432;
