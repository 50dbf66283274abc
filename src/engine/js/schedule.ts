// Pure-JS twin of assembly/train/schedule.ts: the step sizes of the learning-rate schedules.
import { SCHEDULE_INVSCALING, SCHEDULE_OPTIMAL } from '../layout.js';

/** t₀ of 'optimal' for penalty strength α > 0. */
export function optimalOffset(alpha: number): number {
  return 1 / (alpha * Math.sqrt(1 / Math.sqrt(alpha)));
}

/** The step size η of step t. */
export function stepSize(schedule: number, eta: number, t: number, powerT: number, alpha: number, t0: number): number {
  if (schedule === SCHEDULE_INVSCALING) return eta / power(t, powerT);
  if (schedule === SCHEDULE_OPTIMAL) return 1 / (2 * alpha * (t0 + t - 1));
  return eta;
}

/** t^p with the usual exponents as square roots. */
function power(t: number, p: number): number {
  if (p === 0.25) return Math.sqrt(Math.sqrt(t));
  if (p === 0.5) return Math.sqrt(t);
  if (p === 1) return t;
  return t ** p;
}

/** Whether 'optimal' still takes steps above the stable limit (4× the data's safe step): see the twin. */
export function overshooting(schedule: number, safe: number, t: number, alpha: number, t0: number): boolean {
  return schedule === SCHEDULE_OPTIMAL && stepSize(schedule, safe, t, 0, alpha, t0) > 4 * safe;
}
