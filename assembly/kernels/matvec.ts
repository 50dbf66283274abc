import { dot, dot2, dot2Result1 } from "./vector";

// Short rows are taken two at a time (dot2: w loaded once per two rows). Long rows go one at a time:
// reading two neighbouring long rows in step interleaves two streams, which the prefetcher handles worse.
const DOT2_ROW_BYTES: usize = 256;

/**
 * matvec: out[i] = x_i·w + b for i < n.
 * Reads n×d elements of type T row-major at xPtr and d of type T at wPtr; writes n f64 at outPtr.
 */
export function matvec<T>(xPtr: usize, n: i32, d: i32, wPtr: usize, b: f64, outPtr: usize): void {
  // Contract checks exist in the debug build only (release compiles with --noAssert).
  assert(n >= 0 && d >= 1, "matvec: needs n >= 0 rows and d >= 1 features");
  const rowBytes = <usize>d * sizeof<T>();
  let xRow = xPtr;
  let i = 0;
  if (rowBytes <= DOT2_ROW_BYTES) {
    for (; i + 2 <= n; i += 2) {
      const o = outPtr + (<usize>i << 3);
      store<f64>(o, dot2<T>(xRow, xRow + rowBytes, wPtr, d) + b);
      store<f64>(o, dot2Result1() + b, 8);
      xRow += rowBytes << 1;
    }
  }
  for (; i < n; i++) {
    store<f64>(outPtr + (<usize>i << 3), dot<T>(xRow, wPtr, d) + b);
    xRow += rowBytes;
  }
}
