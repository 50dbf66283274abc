// Small DOM helpers shared by the panels.

export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`demo: #${id} is missing from index.html`);
  return el as T;
}

/** The element matching `selector` inside `root`. */
export function within<T extends HTMLElement = HTMLElement>(root: HTMLElement, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`demo: ${selector} is missing from #${root.id}`);
  return el;
}

/** Shows a message in an error banner, or hides it (null). */
export function showError(el: HTMLElement, message: string | null): void {
  el.hidden = message === null;
  el.textContent = message ?? '';
}

/** A table of a header row and body rows of text. */
export function fillTable(table: HTMLTableElement, head: string[], rows: string[][], caption?: string): void {
  table.replaceChildren();
  if (caption) table.createCaption().textContent = caption;
  const tr = table.createTHead().insertRow();
  for (const h of head) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    tr.append(th);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const row = body.insertRow();
    r.forEach((v, j) => {
      const cell = j === 0 ? document.createElement('th') : row.insertCell();
      if (j === 0) {
        (cell as HTMLTableCellElement).scope = 'row';
        row.append(cell);
      }
      cell.textContent = v;
    });
  }
}

/** Numbers as the page shows them: six significant digits, exponents for the very large or small. */
export function format(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(6)));
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(0)} µs`;
}
