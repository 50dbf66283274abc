// Pure-JS twin of assembly/train/config.ts: the workspace's vectors (the settings block is read by
// index, CONFIG_* in ../layout.ts).

/** Workspace vector k (d + 1 f64, a view): twin of work(). */
export function workVector(work: Float64Array, d: number, k: number): Float64Array {
  return work.subarray(k * (d + 1), (k + 1) * (d + 1));
}
