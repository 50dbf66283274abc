import { SCHEDULE_INVSCALING, SCHEDULE_OPTIMAL } from "../layout";

// Step sizes of the learning-rate schedules, scikit-learn's formulas halved (linwasm's losses are
// twice scikit-learn's, so the same model takes half the step). t is the step count, from 1,
// carried across calls.
// - constant and adaptive: η (adaptive's η is divided by 5 at a stall, in the state).
// - invscaling: η / t^powerT.
// - optimal (Bottou): 1 / (2·α·(t₀ + t − 1)), α = l2 + l1/2 (scikit-learn's alpha), and
//   t₀ = 1 / (α·√(1/√α)) so that the first step is scikit-learn's heuristic η₁ = √(1/√α), halved.

/** t₀ of 'optimal' for penalty strength α > 0. */
export function optimalOffset(alpha: f64): f64 {
  return 1 / (alpha * Math.sqrt(1 / Math.sqrt(alpha)));
}

// @ts-ignore: decorator
@inline export function stepSize(schedule: i32, eta: f64, t: f64, powerT: f64, alpha: f64, t0: f64): f64 {
  if (schedule == SCHEDULE_INVSCALING) return eta / power(t, powerT);
  if (schedule == SCHEDULE_OPTIMAL) return 1 / (2 * alpha * (t0 + t - 1));
  return eta;
}

/**
 * t^p, with the usual exponents as square roots: a pow per step costs as much as the rest of a short
 * SGD step, and sqrt is correctly rounded in WASM and JS alike (pow differs between them in the
 * last bit).
 */
// @ts-ignore: decorator
@inline function power(t: f64, p: f64): f64 {
  if (p == 0.25) return Math.sqrt(Math.sqrt(t));
  if (p == 0.5) return Math.sqrt(t);
  if (p == 1) return t;
  return Math.pow(t, p);
}

/**
 * Whether 'optimal' still takes steps above the stable limit: for a small α its first steps are
 * larger than the data allows (scikit-learn's heuristic ignores the data), and they shrink as 1/t.
 * Growth until they fall below the limit is the overshoot scikit-learn's SGD makes too, which may
 * recover; growth after it is divergence. `safe` is the data's safe step ('auto', 1/(2·L)); a step
 * is stable below about 4× it (2/L_max for one row). Non-finite values are divergence either way.
 */
export function overshooting(schedule: i32, safe: f64, t: f64, alpha: f64, t0: f64): bool {
  return schedule == SCHEDULE_OPTIMAL && stepSize(schedule, safe, t, 0, alpha, t0) > 4 * safe;
}
