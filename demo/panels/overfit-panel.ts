// The Overfitting tab: training and validation MSE along the penalty strength (at one polynomial
// degree) and along the degree (at one penalty), drawn point by point from linwasm's validationCurve
// (FOLDS-fold cross-validation over the training rows: the rows held out for testing stay unseen),
// and a verdict in words: where the validation error is lowest, and how far it is from the training error.
import type { LinearRegressionOptions } from 'linwasm';
import { LineChart, PALETTE } from '../charts/line-chart.js';
import { $, fillTable, format } from '../dom.js';
import type { CurvePoint, DataSpec } from '../runs/protocol.js';
import { type Lab, RunPanel } from './lab.js';

/** l2 (exact) or alpha (gradient descent) from 1e-6 to 10, four values a decade. */
export const PENALTIES = Array.from({ length: 29 }, (_, k) => Number((10 ** (-6 + k / 4)).toPrecision(3)));

/** Folds of every point's cross-validation: scikit-learn's default (cv=5). */
export const FOLDS = 5;

export class OverfitPanel extends RunPanel {
  private readonly ui = {
    solver: $<HTMLSelectElement>('overfit-solver'),
    degree: $<HTMLSelectElement>('overfit-penalty-degree'),
    maxDegree: $<HTMLSelectElement>('overfit-degree'),
    strength: $<HTMLInputElement>('overfit-strength'),
    verdict: $('overfit-verdict'),
    table: $<HTMLTableElement>('overfit-table'),
    caption: $('penalty-caption'),
  };
  private readonly penaltyChart = new LineChart($('penalty-chart'), {
    xLabel: 'penalty strength',
    yLabel: 'MSE',
    xLog: true,
    yLog: true,
    description: `Training and validation MSE (${FOLDS}-fold cross-validation) along the penalty strength`,
  });
  private readonly degreeChart = new LineChart($('degree-chart'), {
    xLabel: 'polynomial degree',
    yLabel: 'MSE',
    yLog: true,
    description: `Training and validation MSE (${FOLDS}-fold cross-validation) along the polynomial degree`,
  });

  constructor(lab: Lab) {
    super(lab, $('panel-overfit'));
  }

  protected clear(): void {
    this.penaltyChart.clear();
    this.degreeChart.clear();
    this.ui.verdict.hidden = true;
    this.ui.verdict.textContent = '';
    this.ui.table.replaceChildren();
  }

  protected async start(): Promise<void> {
    const input = this.inputs();
    if (!input) return;
    const data = { ...input.data, degree: Number(this.ui.degree.value) };
    const options = this.curveOptions(input.options);
    const strength = Number(this.ui.strength.value);
    if (!(strength >= 0) || this.ui.strength.value.trim() === '') {
      this.fail(`Penalty for the degree curve: ${JSON.stringify(this.ui.strength.value)} is not a number ≥ 0`);
      return;
    }
    this.clear();
    const param = options.solver === 'exact' ? 'l2' : 'alpha';
    this.penaltyChart.setAxes({ xLabel: `penalty strength (${param})` });
    this.ui.caption.textContent = `MSE along ${param} (log scales), degree ${data.degree}`;

    this.status.textContent = `Fitting ${PENALTIES.length} penalties × ${FOLDS} folds at degree ${data.degree}…`;
    const along = await this.curve(this.penaltyChart, data, options, 'penalty', PENALTIES);
    if (!along) return;
    const degrees = Array.from({ length: Number(this.ui.maxDegree.value) }, (_, k) => k + 1);
    this.status.textContent = `Fitting degrees 1 to ${degrees.length} × ${FOLDS} folds at ${param} ${strength}…`;
    const withStrength = param === 'l2' ? { ...options, l2: strength } : { ...options, alpha: strength };
    const byDegree = await this.curve(this.degreeChart, { ...data, degree: 1 }, withStrength, 'degree', degrees);
    if (!byDegree) return;
    this.ui.verdict.textContent = verdict(along, byDegree, param, data.degree);
    const row = (curve: string) => (p: CurvePoint) => [
      curve,
      format(p.value),
      String(p.features),
      format(p.trainMse),
      format(p.validationMse),
      format(p.validationStd),
    ];
    fillTable(
      this.ui.table,
      ['curve', 'value', 'features', 'training MSE', 'validation MSE', 'its std over the folds'],
      [...along.map(row(`${param}, degree ${data.degree}`)), ...byDegree.map(row(`degree, ${param} ${strength}`))],
    );
    this.ui.verdict.hidden = false;
    this.status.textContent =
      `Done: ${(along.length + byDegree.length) * FOLDS} fits, ${FOLDS} per point ` +
      `(${options.solver === 'exact' ? 'exact solver' : options.solver}).`;
    this.root.dataset.state = 'done';
  }

  /** The options of every fit on a curve: the form's, or the exact solver with the form's scaling. */
  private curveOptions(o: LinearRegressionOptions): LinearRegressionOptions {
    if (this.ui.solver.value === 'exact' || o.solver === 'exact') {
      return { solver: 'exact', standardize: o.standardize, dtype: o.dtype, seed: o.seed };
    }
    const out = { ...o };
    delete out.alpha;
    delete out.l2;
    delete out.l1;
    if (out.l1Ratio === undefined) out.l1Ratio = 0;
    return out;
  }

  private async curve(
    chart: LineChart,
    data: DataSpec,
    options: LinearRegressionOptions,
    along: 'penalty' | 'degree',
    values: number[],
  ): Promise<CurvePoint[] | null> {
    const train = chart.add({ label: 'training rows', color: PALETTE[0], points: true });
    const validation = chart.add({ label: 'validation folds (mean)', color: PALETTE[1], points: true });
    // The spread over the folds: mean ± one standard deviation, two thin dashed lines (a lower edge
    // at or below 0 leaves a gap on the log axis).
    const band = { color: PALETTE[1], dash: [4, 4], width: 1 };
    const upper = chart.add({ ...band, label: `± 1 standard deviation over the ${FOLDS} folds` });
    const lower = chart.add({ ...band, label: 'mean − 1 standard deviation', legend: false });
    const points: CurvePoint[] = [];
    const ok = await this.execute({ kind: 'curve', data, options, along, values, folds: FOLDS }, (m) => {
      if (m.type !== 'point') return;
      const p = m.point;
      points.push(p);
      chart.push(train, [p.value], [p.trainMse]);
      chart.push(validation, [p.value], [p.validationMse]);
      chart.push(upper, [p.value], [p.validationMse + p.validationStd]);
      chart.push(lower, [p.value], [p.validationMse - p.validationStd]);
    });
    if (!ok) return null;
    const best = lowest(points);
    if (best) chart.note(validation, `lowest ${format(best.validationMse)} at ${format(best.value)}`);
    const failed = points.filter((p) => !Number.isFinite(p.validationMse)).length;
    if (failed) chart.note(train, `${failed} fit${failed === 1 ? '' : 's'} failed (singular or diverged): left out`);
    return points;
  }
}

function lowest(points: CurvePoint[]): CurvePoint | null {
  let best: CurvePoint | null = null;
  for (const p of points) {
    if (Number.isFinite(p.validationMse) && (!best || p.validationMse < best.validationMse)) best = p;
  }
  return best;
}

/** What the two curves say, in words. */
function verdict(along: CurvePoint[], byDegree: CurvePoint[], param: string, degree: number): string {
  const parts: string[] = [];
  const best = lowest(along);
  const weakest = along.find((p) => Number.isFinite(p.validationMse));
  if (best && weakest) {
    const gap = weakest.validationMse / weakest.trainMse;
    const gain = 1 - best.validationMse / weakest.validationMse;
    const where = `At degree ${degree}, with the weakest penalty the validation error is ${gap.toFixed(1)}× the training error`;
    parts.push(
      gap > 1.5 && gain > 0.1
        ? `${where}: overfitting. ${param} = ${format(best.value)} cures it best (validation MSE ${format(best.validationMse)}, ` +
            `${Math.round(gain * 100)}% lower).`
        : best === weakest
          ? `${where}, and lowest there: no sign of overfitting; a penalty only adds bias.`
          : `${where}: little sign of overfitting; the best penalty (${param} = ${format(best.value)}) lowers it by ` +
            `${Math.max(0, Math.round(gain * 100))}%.`,
    );
  }
  const bestDegree = lowest(byDegree);
  if (bestDegree) {
    parts.push(
      `Along the degree, the validation error is lowest at degree ${bestDegree.value} (${bestDegree.features} features).`,
    );
  }
  return parts.join(' ');
}
