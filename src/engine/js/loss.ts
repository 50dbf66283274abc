// Pure-JS twin of assembly/train/loss.ts: the per-row losses ℓ(r) and their slopes ψ(r).
import { LOSS_HUBER, LOSS_SQUARED_ERROR } from '../layout.js';

/** Twin of MAX_SLOPE: ψ is clipped to ±MAX_SLOPE. */
const MAX_SLOPE = 1e12;

/** ℓ(r): r², Huber's r² / 2ε|r| − ε², or 2·max(0, |r| − ε). */
export function lossValue(loss: number, r: number, epsilon: number): number {
  if (loss === LOSS_SQUARED_ERROR) return r * r;
  const a = Math.abs(r);
  if (loss === LOSS_HUBER) return a <= epsilon ? r * r : 2 * epsilon * a - epsilon * epsilon;
  return a > epsilon ? 2 * (a - epsilon) : 0;
}

/** ψ(r) = ℓ'(r)/2, the squared loss's clipped to ±MAX_SLOPE. */
export function lossSlope(loss: number, r: number, epsilon: number): number {
  if (loss === LOSS_SQUARED_ERROR) return Math.min(Math.max(r, -MAX_SLOPE), MAX_SLOPE);
  if (loss === LOSS_HUBER) return Math.min(Math.max(r, -epsilon), epsilon);
  return r > epsilon ? 1 : r < -epsilon ? -1 : 0;
}
