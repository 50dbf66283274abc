// The three comparison tabs, as configurations of SweepPanel: batch vs mini-batch vs SGD (with the
// textbook's "loss every 100 epochs" table), the learning-rate sweep (with the library's advice when
// a rate diverges, once) and the batch-size sweep.
import { $, fillTable, format } from '../dom.js';
import type { Lab } from './lab.js';
import { SweepPanel, withSolver } from './sweep-panel.js';

export const RATE_FACTORS = [0.25, 0.5, 1, 2, 4];
export const BATCH_SIZES = [1, 8, 32, 256];

export function solversPanel(lab: Lab): SweepPanel {
  const textbook = $<HTMLTableElement>('textbook-table');
  return new SweepPanel(lab, {
    panel: 'panel-solvers',
    chart: 'solvers-chart',
    table: 'solvers-table',
    axisSelect: 'solvers-axis',
    axis: 'epoch',
    description: 'Training loss of batch, mini-batch and stochastic gradient descent',
    variants: (o) => {
      if (o.solver === 'exact') {
        // The comparison is of gradient-descent solvers: the form's other options still apply.
        o = { ...o, solver: 'batch', learningRate: 'auto', maxEpochs: 1000 };
      }
      return [
        { label: 'batch GD', options: withSolver(o, 'batch') },
        { label: `mini-batch GD (${o.batchSize ?? 32})`, options: withSolver(o, 'minibatch') },
        { label: 'SGD', options: withSolver(o, 'sgd') },
      ];
    },
    onResults: (results) => {
      const last = Math.max(...results.map((r) => r.history.length));
      const rows: string[][] = [];
      for (let e = 100; e <= Math.max(100, last); e += 100) {
        rows.push([String(e), ...results.map((r) => (e <= r.history.length ? format(r.history[e - 1]) : ''))]);
      }
      rows.push([
        'last',
        ...results.map((r) => `${format(r.history[r.history.length - 1])} (epoch ${r.history.length})`),
      ]);
      fillTable(textbook, ['epoch', ...results.map((r) => r.label)], rows);
    },
    onClear: () => textbook.replaceChildren(),
  });
}

export function ratePanel(lab: Lab): SweepPanel {
  const advice = $('rate-advice');
  return new SweepPanel(lab, {
    panel: 'panel-rate',
    chart: 'rate-chart',
    table: 'rate-table',
    axis: 'epoch',
    description: "Training loss at five multiples of the 'auto' learning rate",
    variants: (o) => {
      if (o.solver === 'exact')
        throw new RangeError('The exact solver has no learning rate: choose a gradient-descent solver on the left');
      // Each variant asks 'auto' for its rate on the worker's copy of the data, then multiplies it.
      return RATE_FACTORS.map((factor) => ({
        label: `${factor}× auto`,
        options: { ...o, learningRate: 'auto' as const },
        rateFactor: factor,
      }));
    },
    onResults: (results) => {
      // The library's own message says what happened and what the data supports: shown once, as it is.
      const diverged = results.find((r) => r.error?.epoch);
      advice.hidden = !diverged;
      advice.textContent = diverged ? `${diverged.label}: ${diverged.error!.message}` : '';
    },
    onClear: () => {
      advice.hidden = true;
      advice.textContent = '';
    },
  });
}

export function batchPanel(lab: Lab): SweepPanel {
  return new SweepPanel(lab, {
    panel: 'panel-batch',
    chart: 'batch-chart',
    table: 'batch-table',
    axisSelect: 'batch-axis',
    axis: 'rows',
    description: 'Training loss of mini-batch gradient descent at five batch sizes',
    variants: (o) => {
      const base = o.solver === 'exact' ? { ...o, learningRate: 'auto' as const, maxEpochs: 1000 } : o;
      return [
        ...BATCH_SIZES.map((b) => ({ label: `batch of ${b}`, options: withSolver(base, 'minibatch', b) })),
        { label: 'all rows', options: withSolver(base, 'batch') },
      ];
    },
  });
}
