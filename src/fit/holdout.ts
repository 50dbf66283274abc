// The held-out rows of validationFraction: which rows the run is validated on instead of trained on.
import { Rng } from '../engine/rng.js';

/**
 * The held-out rows of validationFraction: ⌈fraction·n⌉ rows drawn with the seed (scikit-learn's
 * count), stored after the training rows, both kept in their original order. Null for fraction 0.
 * @throws RangeError when no row would be left to train on.
 */
export function holdout(
  rows: number,
  fraction: number,
  seed: number,
): { order: Uint32Array; heldOutRows: number } | null {
  if (fraction === 0) return null;
  const held = Math.ceil(fraction * rows);
  if (held >= rows) {
    throw new RangeError(
      `Option validationFraction ${fraction} of ${rows} rows holds out ${held}, leaving none to train on`,
    );
  }
  // A partial Fisher–Yates shuffle picks the held-out rows; a stream apart from the epochs' shuffle.
  const rng = new Rng((seed ^ 0x9e3779b9) >>> 0);
  const perm = Uint32Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i >= rows - held; i--) {
    const j = rng.below(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const isHeld = new Uint8Array(rows);
  for (let i = rows - held; i < rows; i++) isHeld[perm[i]] = 1;
  const order = new Uint32Array(rows);
  let train = 0;
  let heldOut = rows - held;
  for (let i = 0; i < rows; i++) order[isHeld[i] ? heldOut++ : train++] = i;
  return { order, heldOutRows: held };
}
