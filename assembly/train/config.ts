// The settings of the general trainer (trainGeneral), as f64 slots at configPtr, and the layout of
// its f64 workspace. A block in memory instead of two dozen arguments: the list grows with each
// option and stays in one place. Mirrored in src/status.ts.

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
export const CONFIG_BETA1 = 8;
export const CONFIG_BETA2 = 9;
/** ε of Adam's denominator. */
export const CONFIG_ADAM_EPSILON = 10;
/** First epoch (0-based) whose iterates are averaged; −1: no averaging. */
export const CONFIG_AVERAGE_FROM = 11;
export const CONFIG_BATCH_SIZE = 12;
/** 1: shuffle the rows every epoch. */
export const CONFIG_SHUFFLE = 13;
/** 1: fit an intercept. */
export const CONFIG_FIT_INTERCEPT = 14;
/** Relative tolerance of the stopping rule; negative disables it. */
export const CONFIG_TOLERANCE = 15;
export const CONFIG_PATIENCE = 16;
export const CONFIG_SLOTS = 17;

export const LOSS_SQUARED = 0;
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

// The workspace: WORK_VECTORS vectors of d + 1 f64 (slot d belongs to the intercept).
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

// @ts-ignore: decorator
@inline export function config(configPtr: usize, slot: i32): f64 {
  return load<f64>(configPtr + (<usize>slot << 3));
}

/** Address of workspace vector k. */
// @ts-ignore: decorator
@inline export function work(workPtr: usize, d: i32, k: i32): usize {
  return workPtr + ((<usize>k * <usize>(d + 1)) << 3);
}
