import { SLOT_L1_TOTAL, WORK_L1_APPLIED } from "../layout";
import { work } from "./config";
import { getSlot, setSlot } from "./state";

/**
 * The L1 penalty by the cumulative-penalty method of Tsuruoka, Tsujii and Ananiadou (2009), as
 * scikit-learn's SGD applies it: u, the total penalty every weight could have received so far, grows
 * by η·l1 per step; each weight is pulled towards zero by what it has not yet received, u − |q_j|,
 * but never across zero, so that weights the data does not support land on exact zeros and stay
 * there. q_j (workspace) is the signed change the penalty actually made to weight j so far.
 * w is d of type T at wPtr.
 */
export function applyL1<T>(statePtr: usize, workPtr: usize, wPtr: usize, d: i32, amount: f64): void {
  const u = getSlot(statePtr, SLOT_L1_TOTAL) + amount;
  setSlot(statePtr, SLOT_L1_TOTAL, u);
  const qPtr = work(workPtr, d, WORK_L1_APPLIED);
  for (let j = 0; j < d; j++) {
    const w = wPtr + (<usize>j) * sizeof<T>();
    const q = qPtr + (<usize>j << 3);
    const z = <f64>load<T>(w);
    let next = z;
    if (z > 0) next = max(0, z - (u + load<f64>(q)));
    else if (z < 0) next = min(0, z + (u - load<f64>(q)));
    store<T>(w, <T>next);
    store<f64>(q, load<f64>(q) + (<f64>load<T>(w) - z));
  }
}

/**
 * The proximal step of the L1 penalty, soft thresholding w ← sign(w)·max(|w| − amount, 0): after a
 * full-batch gradient step it makes proximal gradient descent (ISTA), whose fixed points are the
 * Lasso's optimum, exact zeros included. (The cumulative penalty above is for stochastic steps; on
 * full batches it holds weights at zero for epochs and leaves zeros the optimum does not have.)
 */
export function proximalL1<T>(wPtr: usize, d: i32, amount: f64): void {
  for (let j = 0; j < d; j++) {
    const w = wPtr + (<usize>j) * sizeof<T>();
    const z = <f64>load<T>(w);
    store<T>(w, <T>(z > amount ? z - amount : z < -amount ? z + amount : 0));
  }
}

/** l1·‖w‖₁ + l2·‖w‖² for d weights of type T. */
export function penaltyValue<T>(wPtr: usize, d: i32, l1: f64, l2: f64): f64 {
  let sumAbs: f64 = 0;
  let sumSq: f64 = 0;
  for (let j = 0; j < d; j++) {
    const w = <f64>load<T>(wPtr + (<usize>j) * sizeof<T>());
    sumAbs += abs(w);
    sumSq += w * w;
  }
  return l1 * sumAbs + l2 * sumSq;
}
