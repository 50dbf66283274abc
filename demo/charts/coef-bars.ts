// The coefficients as horizontal bars with their feature names (HTML, so that names wrap, screen
// readers read a table, and exact zeros can be marked in words, not only in colour). A previous
// run's coefficients can be shown as outlines beside them, to see what an option changed.

export interface Coefficients {
  names: string[];
  values: ArrayLike<number>;
  intercept: number;
}

export class CoefBars {
  constructor(private readonly el: HTMLElement) {
    this.clear('Train a model to see its coefficients.');
  }

  clear(message: string): void {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = message;
    this.el.replaceChildren(p);
    this.el.dataset.bars = '0';
    this.el.dataset.zeros = '0';
  }

  show(current: Coefficients, previous: Coefficients | null): void {
    const n = current.names.length;
    const prev = previous && previous.names.join('\n') === current.names.join('\n') ? previous.values : null;
    let scale = 0;
    for (let j = 0; j < n; j++) scale = Math.max(scale, Math.abs(current.values[j]), prev ? Math.abs(prev[j]) : 0);
    const table = document.createElement('table');
    table.className = 'bars';
    const caption = document.createElement('caption');
    let zeros = 0;
    for (let j = 0; j < n; j++) if (current.values[j] === 0) zeros++;
    caption.textContent =
      `Intercept ${formatValue(current.intercept)}; ${n} coefficient${n === 1 ? '' : 's'}` +
      (zeros ? `, ${zeros} exactly zero (marked ∅)` : ', none exactly zero') +
      (prev ? '; outlines: the previous run' : '');
    const head = table.createTHead().insertRow();
    for (const title of ['feature', 'coefficient', 'value']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = title;
      head.append(th);
    }
    const body = table.createTBody();
    for (let j = 0; j < n; j++) {
      const v = current.values[j];
      const tr = body.insertRow();
      if (v === 0) tr.className = 'zero';
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = current.names[j];
      const barCell = tr.insertCell();
      barCell.className = 'bar-cell';
      barCell.append(bar(v, scale, 'bar'));
      if (prev) barCell.append(bar(prev[j], scale, 'bar previous'));
      const value = tr.insertCell();
      value.textContent = v === 0 ? '∅ 0 (exact)' : formatValue(v);
      tr.prepend(name);
    }
    table.prepend(caption);
    this.el.replaceChildren(table);
    this.el.dataset.bars = String(n);
    this.el.dataset.zeros = String(zeros);
  }
}

/** A bar from the middle of its cell: right for positive values, left for negative ones. */
function bar(v: number, scale: number, className: string): HTMLElement {
  const span = document.createElement('span');
  span.className = className;
  const share = scale > 0 ? (Math.abs(v) / scale) * 50 : 0;
  span.style.width = `${share}%`;
  span.style.left = v >= 0 ? '50%' : `${50 - share}%`;
  span.setAttribute('aria-hidden', 'true');
  return span;
}

export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}
