// The fast path of CSV reading: rows of plain decimal numbers, without quotes, scanned character by
// character straight into a Float64Array, with no string made per cell. A 20 MB file of numbers is
// the common case of a dropped file, and there splitting into strings and calling Number on each
// spends most of its time collecting garbage. Values are exactly what Number(cell) gives: a
// mantissa of at most 15 digits times an exact power of ten up to 10²² is one correctly rounded
// operation (Clinger's fast path); anything else is handed to Number itself.

/** The first cell that is not a number, and how many more there are. */
export interface BadCells {
  first: { line: number; column: number; cell: string } | undefined;
  more: number;
}

/** A row whose length is not the header's. */
export class RaggedRow extends Error {
  constructor(
    readonly line: number,
    readonly found: number,
  ) {
    super(`line ${line}: found ${found} values`);
  }
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Scans text[start, end) — whole lines, no `"` — as rows of `width` numbers into out, from row
 * `row` on (out must have room for one row per line). Empty lines are skipped; cells are trimmed.
 * @returns the number of rows read.
 * @throws RaggedRow for a line of another length.
 */
export function scanRows(
  text: string,
  start: number,
  end: number,
  width: number,
  out: Float64Array,
  row: number,
  lineOffset: number,
  bad: BadCells,
): number {
  let i = start;
  let line = lineOffset;
  let rows = row;
  while (i < end) {
    line++;
    let c = text.charCodeAt(i);
    if (c === 10) {
      i++;
      continue;
    }
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      i += 2;
      continue;
    }
    let field = 0;
    const base = rows * width;
    for (;;) {
      const fieldStart = i;
      while ((c === 32 || c === 9) && i < end) c = text.charCodeAt(++i);
      let negative = false;
      if (c === 45 || c === 43) {
        negative = c === 45;
        c = text.charCodeAt(++i);
      }
      let mantissa = 0;
      let significant = 0;
      let exponent = 0;
      let digits = 0;
      let exact = true;
      while (c >= 48 && c <= 57 && i < end) {
        digits++;
        if (mantissa > 0 || c !== 48) {
          if (significant < 15) {
            mantissa = mantissa * 10 + (c - 48);
            significant++;
          } else {
            exact = false;
          }
        }
        c = text.charCodeAt(++i);
      }
      if (c === 46 && i < end) {
        c = text.charCodeAt(++i);
        while (c >= 48 && c <= 57 && i < end) {
          digits++;
          if (significant < 15) {
            mantissa = mantissa * 10 + (c - 48);
            if (mantissa > 0) significant++;
            exponent--;
          } else {
            exact = false;
          }
          c = text.charCodeAt(++i);
        }
      }
      let valid = digits > 0;
      if (valid && (c === 101 || c === 69) && i < end) {
        c = text.charCodeAt(++i);
        let sign = 1;
        if (c === 45 || c === 43) {
          sign = c === 45 ? -1 : 1;
          c = text.charCodeAt(++i);
        }
        let e = 0;
        let eDigits = 0;
        while (c >= 48 && c <= 57 && i < end) {
          e = Math.min(e * 10 + (c - 48), 9999);
          eDigits++;
          c = text.charCodeAt(++i);
        }
        valid = eDigits > 0;
        exponent += sign * e;
      }
      while ((c === 32 || c === 9) && i < end) c = text.charCodeAt(++i);
      const atEnd = i >= end || c === 44 || c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10);
      if (!atEnd) {
        // Not a plain number: find the cell's end and look at it as a whole.
        valid = false;
        while (i < end && c !== 44 && c !== 10 && !(c === 13 && text.charCodeAt(i + 1) === 10))
          c = text.charCodeAt(++i);
      }
      let value: number;
      if (valid && exact && exponent >= -22 && exponent <= 22 && mantissa <= Number.MAX_SAFE_INTEGER) {
        value = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
        if (negative) value = -value;
      } else {
        const cell = text.slice(fieldStart, i).trim();
        value = valid ? Number(cell) : Number.NaN;
        if (!Number.isFinite(value)) {
          if (bad.first) bad.more++;
          else bad.first = { line, column: field + 1, cell };
        }
      }
      if (field < width) out[base + field] = value;
      field++;
      if (i >= end) break;
      if (c === 44) {
        c = text.charCodeAt(++i);
        continue;
      }
      i += c === 13 ? 2 : 1;
      break;
    }
    if (field !== width) throw new RaggedRow(line, field);
    rows++;
  }
  return rows - row;
}
