// Access to the settings block and the workspace of the trainers (their layout: ../layout.ts).

/** Field `slot` of the settings block at configPtr (CONFIG_*). */
// @ts-ignore: decorator
@inline export function config(configPtr: usize, slot: i32): f64 {
  return load<f64>(configPtr + (<usize>slot << 3));
}

/** Address of workspace vector k (WORK_*): WORK_VECTORS vectors of d + 1 f64 at workPtr. */
// @ts-ignore: decorator
@inline export function work(workPtr: usize, d: i32, k: i32): usize {
  return workPtr + ((<usize>k * <usize>(d + 1)) << 3);
}
