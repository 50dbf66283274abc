// The agreement check that runs before any timing: every implementation of a case must compute the same thing as
// the baseline (the loss after the same epochs, or the same vector of predictions or coefficients) within the
// float tolerance of the dtype. A disagreement is a bug in one of them, and the run stops.

export class AgreementError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AgreementError';
  }
}

/** Relative difference of a result from the reference: scalar, or max |a − b| over max |b| for vectors. */
export function relativeDifference(value, reference) {
  if (typeof reference === 'number') {
    return Math.abs(value - reference) / Math.max(Math.abs(reference), Number.MIN_VALUE);
  }
  if (value.length !== reference.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    diff = Math.max(diff, Math.abs(value[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return diff / Math.max(scale, Number.MIN_VALUE);
}

function isFiniteResult(value) {
  return typeof value === 'number' ? Number.isFinite(value) : value.every(Number.isFinite);
}

function show(value) {
  if (typeof value === 'number') return value.toPrecision(10);
  const head = Array.from(value.slice(0, 3), (v) => v.toPrecision(8)).join(', ');
  return `[${head}${value.length > 3 ? ', …' : ''}] (${value.length})`;
}

/**
 * checks: [{ impl, value }], the reference among them named `reference`. Returns each implementation's relative
 * difference; throws AgreementError naming every implementation and its value when one is off.
 */
export function agree(label, checks, reference, tol) {
  const ref = checks.find((c) => c.impl === reference);
  if (!ref) throw new AgreementError(`${label}: the reference implementation '${reference}' did not run`);
  if (!isFiniteResult(ref.value)) throw new AgreementError(`${label}: ${reference} gave ${show(ref.value)}`);
  const diffs = checks.map((c) => ({ impl: c.impl, value: c.value, diff: relativeDifference(c.value, ref.value) }));
  const bad = diffs.filter((c) => !(c.diff <= tol));
  if (bad.length > 0) {
    const lines = diffs.map(
      (c) =>
        `  ${c.impl.padEnd(14)} ${show(c.value)}  rel. diff ${c.diff.toExponential(2)}${c.diff <= tol ? '' : '  ✗'}`,
    );
    throw new AgreementError(
      `${label}: implementations disagree (tolerance ${tol.toExponential(0)} relative to ${reference}):\n` +
        lines.join('\n'),
    );
  }
  return diffs;
}
