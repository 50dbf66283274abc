// Pure-JS twin of assembly/train/optimizer.ts: one step of plain, momentum, Nesterov or Adam.

import type { Floats } from '../engine.js';
import {
  CONFIG_ADAM_EPSILON,
  CONFIG_BETA1,
  CONFIG_BETA2,
  CONFIG_L2,
  CONFIG_MOMENTUM,
  CONFIG_OPTIMIZER,
  OPTIMIZER_ADAM,
  OPTIMIZER_NESTEROV,
  OPTIMIZER_PLAIN,
  WORK_GRADIENT,
  WORK_MOMENT1,
  WORK_MOMENT2,
} from '../layout.js';
import { workVector } from './config.js';

/** One optimizer step on θ = (w, b) from the gradient sums in the workspace; returns the new b. */
export function optimizerStep(
  config: Float64Array,
  work: Float64Array,
  w: Floats,
  d: number,
  b: number,
  eta: number,
  m: number,
  t: number,
  fitIntercept: boolean,
): number {
  const kind = Math.trunc(config[CONFIG_OPTIMIZER]);
  const l2 = config[CONFIG_L2];
  const g = workVector(work, d, WORK_GRADIENT);
  const step = (2 * eta) / m;
  if (kind === OPTIMIZER_PLAIN) {
    const shrink = 1 - 2 * eta * l2;
    for (let j = 0; j < d; j++) w[j] = w[j] * shrink - step * g[j];
    return fitIntercept ? b - step * g[d] : b;
  }
  const scale = 2 / m;
  const m1 = workVector(work, d, WORK_MOMENT1);
  const m2 = workVector(work, d, WORK_MOMENT2);
  const last = fitIntercept ? d + 1 : d;
  if (kind === OPTIMIZER_ADAM) {
    const beta1 = config[CONFIG_BETA1];
    const beta2 = config[CONFIG_BETA2];
    const epsilon = config[CONFIG_ADAM_EPSILON];
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    for (let j = 0; j < last; j++) {
      const theta = j < d ? w[j] : b;
      const gj = scale * g[j] + (j < d ? 2 * l2 * theta : 0);
      const mj = beta1 * m1[j] + (1 - beta1) * gj;
      const vj = beta2 * m2[j] + (1 - beta2) * gj * gj;
      m1[j] = mj;
      m2[j] = vj;
      const next = theta - (eta * (mj / c1)) / (Math.sqrt(vj / c2) + epsilon);
      if (j < d) w[j] = next;
      else b = next;
    }
    return b;
  }
  const mu = config[CONFIG_MOMENTUM];
  const nesterov = kind === OPTIMIZER_NESTEROV;
  for (let j = 0; j < last; j++) {
    const theta = j < d ? w[j] : b;
    const gj = scale * g[j] + (j < d ? 2 * l2 * theta : 0);
    const v = mu * m1[j] + gj;
    m1[j] = v;
    const next = theta - eta * (nesterov ? gj + mu * v : v);
    if (j < d) w[j] = next;
    else b = next;
  }
  return b;
}
