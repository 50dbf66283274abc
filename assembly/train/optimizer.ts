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
} from "../layout";
import { config, work } from "./config";

/**
 * One step of the optimizer on θ = (w, b). The gradient of the step's rows is scale·G, G the sums in
 * the workspace's gradient vector (scale = 2/m for m rows), plus 2·l2·w for the penalty (b is not
 * penalized). w is d of type T at wPtr; the new b is returned. In the form TensorFlow.js uses:
 * - plain: θ ← θ − η·g, written as w·(1 − 2η·l2) − (2η/m)·G like the plain trainers;
 * - momentum: v ← μ·v + g, θ ← θ − η·v; Nesterov: θ ← θ − η·(g + μ·v);
 * - Adam (Kingma and Ba): m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε), with
 *   the bias corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) at step t.
 */
export function optimizerStep<T>(
  configPtr: usize,
  workPtr: usize,
  wPtr: usize,
  d: i32,
  b: f64,
  eta: f64,
  m: i32,
  t: f64,
  fitIntercept: bool,
): f64 {
  const kind = <i32>config(configPtr, CONFIG_OPTIMIZER);
  const l2 = config(configPtr, CONFIG_L2);
  const gPtr = work(workPtr, d, WORK_GRADIENT);
  const step = (2 * eta) / <f64>m;
  if (kind == OPTIMIZER_PLAIN) {
    const shrink = 1 - 2 * eta * l2;
    for (let j = 0; j < d; j++) {
      const w = wPtr + (<usize>j) * sizeof<T>();
      store<T>(w, <T>(<f64>load<T>(w) * shrink - step * load<f64>(gPtr + (<usize>j << 3))));
    }
    return fitIntercept ? b - step * load<f64>(gPtr + (<usize>d << 3)) : b;
  }
  const scale = 2 / <f64>m;
  const m1 = work(workPtr, d, WORK_MOMENT1);
  const m2 = work(workPtr, d, WORK_MOMENT2);
  const last = fitIntercept ? d + 1 : d;
  if (kind == OPTIMIZER_ADAM) {
    const beta1 = config(configPtr, CONFIG_BETA1);
    const beta2 = config(configPtr, CONFIG_BETA2);
    const epsilon = config(configPtr, CONFIG_ADAM_EPSILON);
    const c1 = 1 - Math.pow(beta1, t);
    const c2 = 1 - Math.pow(beta2, t);
    for (let j = 0; j < last; j++) {
      const o = <usize>j << 3;
      const theta = j < d ? <f64>load<T>(wPtr + (<usize>j) * sizeof<T>()) : b;
      const g = scale * load<f64>(gPtr + o) + (j < d ? 2 * l2 * theta : 0);
      const mj = beta1 * load<f64>(m1 + o) + (1 - beta1) * g;
      const vj = beta2 * load<f64>(m2 + o) + (1 - beta2) * g * g;
      store<f64>(m1 + o, mj);
      store<f64>(m2 + o, vj);
      const next = theta - (eta * (mj / c1)) / (Math.sqrt(vj / c2) + epsilon);
      if (j < d) store<T>(wPtr + (<usize>j) * sizeof<T>(), <T>next);
      else b = next;
    }
    return b;
  }
  const mu = config(configPtr, CONFIG_MOMENTUM);
  const nesterov = kind == OPTIMIZER_NESTEROV;
  for (let j = 0; j < last; j++) {
    const o = <usize>j << 3;
    const theta = j < d ? <f64>load<T>(wPtr + (<usize>j) * sizeof<T>()) : b;
    const g = scale * load<f64>(gPtr + o) + (j < d ? 2 * l2 * theta : 0);
    const v = mu * load<f64>(m1 + o) + g;
    store<f64>(m1 + o, v);
    const next = theta - eta * (nesterov ? g + mu * v : v);
    if (j < d) store<T>(wPtr + (<usize>j) * sizeof<T>(), <T>next);
    else b = next;
  }
  return b;
}
