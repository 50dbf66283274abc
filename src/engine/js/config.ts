// Pure-JS twin of assembly/train/config.ts: the codes of the general trainer's settings block and its workspace.
// (The settings' slots and the workspace layout, CONFIG_* and WORK_*, are in src/status.ts.)

// The codes of the settings block, in the order of LOSSES, SCHEDULES and OPTIMIZERS (src/status.ts).
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

/** Workspace vector k (d + 1 f64, a view): twin of work(). */
export function workVector(work: Float64Array, d: number, k: number): Float64Array {
  return work.subarray(k * (d + 1), (k + 1) * (d + 1));
}
