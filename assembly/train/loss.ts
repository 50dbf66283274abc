import { LOSS_HUBER, LOSS_SQUARED_ERROR } from "../layout";

// The per-row losses ℓ(r) of r = ŷ − y, each twice scikit-learn's (linwasm's squared loss is r², not
// ½r²), and ψ(r) = ℓ'(r)/2, which is scikit-learn's dloss: one gradient step is η·2·ψ(r)·x.
// - squared: ℓ = r², ψ = r.
// - Huber: r² inside [−ε, ε], 2ε|r| − ε² outside (linear tails: an outlier pulls with force ε).
// - epsilon-insensitive: 2·max(0, |r| − ε); ψ = sign(r) outside the tube, 0 inside.

/** ψ is clipped to ±MAX_SLOPE, as scikit-learn's MAX_DLOSS, so one wild row cannot overflow a step. */
const MAX_SLOPE: f64 = 1e12;

// @ts-ignore: decorator
@inline export function lossValue(loss: i32, r: f64, epsilon: f64): f64 {
  if (loss == LOSS_SQUARED_ERROR) return r * r;
  const a = abs(r);
  if (loss == LOSS_HUBER) return a <= epsilon ? r * r : 2 * epsilon * a - epsilon * epsilon;
  return a > epsilon ? 2 * (a - epsilon) : 0;
}

// @ts-ignore: decorator
@inline export function lossSlope(loss: i32, r: f64, epsilon: f64): f64 {
  if (loss == LOSS_SQUARED_ERROR) return min(max(r, -MAX_SLOPE), MAX_SLOPE);
  if (loss == LOSS_HUBER) return min(max(r, -epsilon), epsilon);
  return r > epsilon ? 1 : r < -epsilon ? -1 : 0;
}
