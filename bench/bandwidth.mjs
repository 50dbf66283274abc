// The memory-bandwidth reference, measured in the same run as the kernels: a plain SIMD sequential read of X's
// bytes inside WASM (readBandwidth in assembly/kernels/bandwidth.ts). No kernel that streams X once can be faster,
// so a kernel's time relative to it says how close to the limit the kernel is.
import { time } from './timing.mjs';
import { WasmProblem } from './wasm.mjs';
import { dataOf } from './workloads.mjs';

/** { medianMs, gbPerS, bytes, … } of reading X of the workload in dtype. */
export async function measureBandwidth(workload, dtype, budget) {
  const p = new WasmProblem(dataOf(workload, dtype), workload.y, workload.rows, workload.cols, dtype);
  try {
    const bytes = p.xBytes - (p.xBytes % 64);
    const stats = await time(`read ${workload.name} ${dtype}`, () => p.readX(), budget, 0);
    return { ...stats, bytes, gbPerS: bytes / stats.medianMs / 1e6 };
  } finally {
    p.free();
  }
}
