import { SLOT_AVERAGED, WORK_AVERAGE } from "../layout";
import { work } from "./config";
import { getSlot, setSlot } from "./state";

/**
 * Averaged SGD (Polyak and Juditsky; Bottou 2010): after each step, avg ← avg + (θ − avg)/k for
 * the k-th averaged iterate, so the average (workspace, d + 1 f64, slot d the intercept) is the
 * plain mean of the iterates since averaging began. w is d of type T at wPtr.
 */
export function averageStep<T>(statePtr: usize, workPtr: usize, wPtr: usize, d: i32, b: f64): void {
  const k = getSlot(statePtr, SLOT_AVERAGED) + 1;
  setSlot(statePtr, SLOT_AVERAGED, k);
  const avg = work(workPtr, d, WORK_AVERAGE);
  // One division per step, not per weight.
  const step = 1 / k;
  for (let j = 0; j < d; j++) {
    const a = avg + (<usize>j << 3);
    store<f64>(a, load<f64>(a) + (<f64>load<T>(wPtr + (<usize>j) * sizeof<T>()) - load<f64>(a)) * step);
  }
  const a = avg + (<usize>d << 3);
  store<f64>(a, load<f64>(a) + (b - load<f64>(a)) * step);
}
