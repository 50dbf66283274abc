/**
 * update: w[j] = w[j]·shrink − step·g[j] for j < d, computed in f64 and stored as T.
 * With step = 2η/m (m rows in the step) and shrink = 1 − 2η·l2 this is
 * θ ← θ − η·((2/m)·Σ r·x + 2·l2·θ), the gradient step of MSE + l2·‖w‖².
 * w is d of type T at wPtr; g is d f64 at gPtr.
 */
export function update<T>(wPtr: usize, gPtr: usize, d: i32, shrink: f64, step: f64): void {
  let j = 0;
  if (sizeof<T>() == 8) {
    const sv = f64x2.splat(shrink);
    const tv = f64x2.splat(step);
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      v128.store(wPtr + o, f64x2.sub(f64x2.mul(v128.load(wPtr + o), sv), f64x2.mul(tv, v128.load(gPtr + o))));
    }
  }
  for (; j < d; j++) {
    const w = wPtr + (<usize>j) * sizeof<T>();
    store<T>(w, <T>(<f64>load<T>(w) * shrink - step * load<f64>(gPtr + (<usize>j << 3))));
  }
}
