// The Training form: read it as linwasm options (the library checks ranges and names the option in
// its errors), disable what the chosen solver does not use, describe options in a line, and fill the
// form back from a loaded model's options.
import type { LinearRegressionOptions, ResolvedOptions } from 'linwasm';
import { $ } from './dom.js';

const f = {
  form: $<HTMLFormElement>('options'),
  solver: $<HTMLSelectElement>('solver'),
  learningRate: $<HTMLInputElement>('learning-rate'),
  batchSize: $<HTMLInputElement>('batch-size'),
  epochs: $<HTMLInputElement>('epochs'),
  dtype: $<HTMLSelectElement>('dtype'),
  seed: $<HTMLInputElement>('seed'),
  standardize: $<HTMLInputElement>('standardize'),
  loss: $<HTMLSelectElement>('loss'),
  epsilon: $<HTMLInputElement>('epsilon'),
  penalty: $<HTMLSelectElement>('penalty'),
  alpha: $<HTMLInputElement>('alpha'),
  l1Ratio: $<HTMLInputElement>('l1-ratio'),
  schedule: $<HTMLSelectElement>('schedule'),
  optimizer: $<HTMLSelectElement>('optimizer'),
  average: $<HTMLInputElement>('average'),
  validationFraction: $<HTMLInputElement>('validation-fraction'),
  patience: $<HTMLInputElement>('patience'),
  note: $('options-note'),
};

export const optionsForm = f.form;
export const solverSelect = f.solver;

/**
 * The form as options. Controls the solver does not use are left out (they are disabled).
 * @throws RangeError naming the field whose text is not a number.
 */
export function readOptions(): LinearRegressionOptions {
  const solver = f.solver.value as LinearRegressionOptions['solver'];
  const o: LinearRegressionOptions = {
    solver,
    dtype: f.dtype.value as 'float64' | 'float32',
    seed: number(f.seed, 'Seed'),
    standardize: f.standardize.checked,
  };
  const penalty = f.penalty.value;
  if (penalty !== 'none') {
    o.alpha = number(f.alpha, 'Strength α');
    o.l1Ratio = penalty === 'l2' ? 0 : penalty === 'l1' ? 1 : number(f.l1Ratio, 'L1 ratio');
  }
  if (solver === 'exact') {
    // The exact solver takes an L2 weight: ridge's l2 = alpha (l1Ratio 0).
    if (o.alpha !== undefined) o.l2 = (o.alpha as number) * (1 - (o.l1Ratio as number));
    if (o.l1Ratio && o.l1Ratio > 0)
      throw new RangeError("Penalty: the exact solver takes L2 only (choose 'L2' or a gradient-descent solver)");
    delete o.alpha;
    delete o.l1Ratio;
    return o;
  }
  const lr = f.learningRate.value.trim();
  o.learningRate = lr === '' || lr === 'auto' ? 'auto' : number(f.learningRate, 'Learning rate');
  o.maxEpochs = number(f.epochs, 'Epochs');
  if (solver === 'minibatch') o.batchSize = number(f.batchSize, 'Batch size');
  o.loss = f.loss.value as LinearRegressionOptions['loss'];
  if (o.loss !== 'squaredError') o.epsilon = number(f.epsilon, 'ε');
  o.schedule = f.schedule.value as LinearRegressionOptions['schedule'];
  if (solver !== 'batch') {
    const optimizer = f.optimizer.value;
    o.optimizer = optimizer === 'nesterov' ? 'momentum' : (optimizer as LinearRegressionOptions['optimizer']);
    if (optimizer === 'nesterov') o.nesterov = true;
  }
  if (f.average.checked) o.average = true;
  const vf = number(f.validationFraction, 'Validation fraction');
  if (vf > 0) {
    o.validationFraction = vf;
    o.patience = number(f.patience, 'Patience');
  }
  return o;
}

function number(input: HTMLInputElement, label: string): number {
  const text = input.value.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value))
    throw new RangeError(`${label}: ${JSON.stringify(input.value)} is not a number`);
  return value;
}

/** Enables the controls the chosen solver and options use, and says why the others are off. */
export function syncControls(): void {
  const solver = f.solver.value;
  const exact = solver === 'exact';
  const descentOnly = [
    f.learningRate,
    f.epochs,
    f.loss,
    f.epsilon,
    f.schedule,
    f.average,
    f.validationFraction,
    f.patience,
  ];
  for (const c of descentOnly) c.disabled = exact;
  f.batchSize.disabled = solver !== 'minibatch';
  f.optimizer.disabled = exact || solver === 'batch';
  f.epsilon.disabled = exact || f.loss.value === 'squaredError';
  f.alpha.disabled = f.penalty.value === 'none';
  f.l1Ratio.disabled = f.penalty.value !== 'elasticnet';
  f.patience.disabled = exact || Number(f.validationFraction.value) === 0;
  for (const option of Array.from(f.penalty.options))
    option.disabled = exact && (option.value === 'l1' || option.value === 'elasticnet');
  f.note.textContent = exact
    ? 'The exact solver solves the normal equations: no learning rate, epochs or learning controls; an L2 penalty only.'
    : solver === 'batch'
      ? 'Batch GD takes plain steps: momentum and Adam apply to SGD and mini-batch.'
      : '';
}

/** Fills the form from a model's resolved options (a loaded model). */
export function applyOptions(o: ResolvedOptions): void {
  f.solver.value = o.solver;
  f.learningRate.value = String(o.solver === 'exact' ? 'auto' : o.learningRate);
  f.batchSize.value = String(o.batchSize);
  f.epochs.value = String(o.maxEpochs);
  f.dtype.value = o.dtype;
  f.seed.value = String(o.seed);
  f.standardize.checked = o.standardize;
  f.loss.value = o.loss;
  f.epsilon.value = String(o.epsilon);
  const l1 = o.l1;
  const l2 = o.l2;
  if (l1 === 0 && l2 === 0) {
    f.penalty.value = 'none';
  } else if (l1 === 0) {
    f.penalty.value = 'l2';
    f.alpha.value = String(l2);
  } else {
    // l1 = 2·alpha·ρ and l2 = alpha·(1 − ρ) (options.ts), so alpha = l2 + l1/2 and ρ = (l1/2)/alpha.
    const alpha = l2 + l1 / 2;
    f.penalty.value = l2 === 0 ? 'l1' : 'elasticnet';
    f.alpha.value = String(Number(alpha.toPrecision(12)));
    f.l1Ratio.value = String(Number((l1 / 2 / alpha).toPrecision(12)));
  }
  f.schedule.value = o.schedule;
  f.optimizer.value = o.optimizer === 'momentum' && o.nesterov ? 'nesterov' : o.optimizer;
  f.average.checked = o.average !== false;
  f.validationFraction.value = String(o.validationFraction);
  f.patience.value = String(o.patience);
  syncControls();
}

/** One line saying what a run used, shown with its results. */
export function describeOptions(o: LinearRegressionOptions): string {
  const parts: string[] = [
    o.solver === 'batch'
      ? 'batch GD'
      : o.solver === 'minibatch'
        ? `mini-batch GD (${o.batchSize ?? 32})`
        : (o.solver ?? 'batch'),
  ];
  if (o.solver !== 'exact') {
    const lr = o.learningRate;
    parts.push(`η ${typeof lr === 'number' ? Number(lr.toPrecision(3)) : 'auto'}`);
    parts.push(`≤ ${o.maxEpochs ?? 1000} epochs`);
    if (o.loss && o.loss !== 'squaredError') parts.push(`${o.loss} (ε ${o.epsilon})`);
    if (o.schedule && o.schedule !== 'constant') parts.push(o.schedule);
    if (o.optimizer && o.optimizer !== 'plain') parts.push(o.nesterov ? 'Nesterov' : o.optimizer);
    if (o.average) parts.push('averaged');
    if (o.validationFraction) parts.push(`early stopping on ${o.validationFraction * 100}% of the rows`);
  }
  if (o.alpha !== undefined && o.alpha !== null) {
    const ratio = o.l1Ratio ?? 0;
    parts.push(`${ratio === 0 ? 'L2' : ratio === 1 ? 'L1' : `elastic net ρ ${ratio}`} α ${o.alpha}`);
  } else if (o.l2) {
    parts.push(`L2 ${o.l2}`);
  }
  if (o.standardize === false) parts.push('not standardized');
  if (o.dtype === 'float32') parts.push('float32');
  return parts.join(', ');
}
