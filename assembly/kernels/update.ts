/**
 * update: w[j] = w[j]·shrink − step·g[j] for j < d, computed in f64 and stored as T.
 * With step = 2η/m (m rows in the step) and shrink = 1 − 2η·l2 this is
 * θ ← θ − η·((2/m)·Σ r·x + 2·l2·θ), the gradient step of MSE + l2·‖w‖².
 * w is d of type T at wPtr; g is d f64 at gPtr.
 */
export function update<T>(wPtr: usize, gPtr: usize, d: i32, shrink: f64, step: f64): void {
  let j = 0;
  const sv = f64x2.splat(shrink);
  const tv = f64x2.splat(step);
  if (sizeof<T>() == 8) {
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      v128.store(wPtr + o, f64x2.sub(f64x2.mul(v128.load(wPtr + o), sv), f64x2.mul(tv, v128.load(gPtr + o))));
    }
  } else {
    // Four float32 weights at a time, promoted to f64, stepped, and rounded back: the scalar loop's arithmetic.
    for (; j + 4 <= d; j += 4) {
      const wp = wPtr + (<usize>j << 2);
      const gp = gPtr + (<usize>j << 3);
      const w = v128.load(wp);
      const lo = f64x2.sub(f64x2.mul(f64x2.promote_low_f32x4(w), sv), f64x2.mul(tv, v128.load(gp)));
      const high = f64x2.promote_low_f32x4(i32x4.shuffle(w, w, 2, 3, 0, 1));
      const hi = f64x2.sub(f64x2.mul(high, sv), f64x2.mul(tv, v128.load(gp, 16)));
      v128.store(wp, i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
    }
  }
  for (; j < d; j++) {
    const w = wPtr + (<usize>j) * sizeof<T>();
    store<T>(w, <T>(<f64>load<T>(w) * shrink - step * load<f64>(gPtr + (<usize>j << 3))));
  }
}
