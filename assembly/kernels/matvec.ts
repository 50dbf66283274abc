import { dot } from "./vector";

/**
 * matvec: out[i] = x_i·w + b for i < n.
 * Reads n×d elements of type T row-major at xPtr and d of type T at wPtr; writes n f64 at outPtr.
 */
export function matvec<T>(xPtr: usize, n: i32, d: i32, wPtr: usize, b: f64, outPtr: usize): void {
  // Contract checks exist in the debug build only (release compiles with --noAssert).
  assert(n >= 0 && d >= 1, "matvec: needs n >= 0 rows and d >= 1 features");
  const rowBytes = <usize>d * sizeof<T>();
  let xRow = xPtr;
  for (let i = 0; i < n; i++) {
    store<f64>(outPtr + (<usize>i << 3), dot<T>(xRow, wPtr, d) + b);
    xRow += rowBytes;
  }
}
