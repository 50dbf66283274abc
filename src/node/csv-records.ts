// The CSV format itself (RFC 4180): fields in double quotes may hold delimiters, line ends and quotes
// (doubled); records end at CRLF, LF or CR, whichever the input uses first. This is the reader
// csv.ts hands quoted input to. It reads as csv-parse 7 reads with { bom: true, relax_column_count:
// true, skip_empty_lines: true } — the same records, line numbers and errors at the same line and
// field (test/node/csv-records.test.ts checks it against csv-parse on random inputs) — including two
// of csv-parse's habits, kept so that error positions do not move: the line count grows at every CR
// or LF that starts a run of them outside a record delimiter (a CRLF inside quotes counts two lines),
// and a NUL after a closing quote ends the quote as a delimiter would.

/** A record and the number of its last line (1-based, counted from where this reader started). */
export interface CsvRecord {
  record: string[];
  line: number;
}

/** Malformed CSV: a quote where a field cannot have one, or a quote never closed. */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';

  constructor(
    /** The line (1-based, as CsvRecord.line) of the problem. */
    readonly line: number,
    /** The field (1-based) of the record it is in. */
    readonly column: number,
    /** What is wrong, as csv-parse names it ('Quote Not Closed', 'Invalid Closing Quote', 'Invalid Opening Quote'). */
    readonly reason: string,
  ) {
    super(`${reason} at line ${line}, field ${column}`);
  }
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Reads CSV text given in blocks of any size (a block may end inside a field, a quote or a CRLF).
 * push() returns the records the block completes; the last block (final) completes the last record.
 */
export class CsvRecords {
  /** Text not read yet: the tail of the last block, kept until what follows it is known. */
  private carry = '';
  private quoting = false;
  /** The current field was quoted (an empty quoted field still makes a record). */
  private wasQuoting = false;
  /** The next character is the second of a doubled quote: a literal quote. */
  private escaping = false;
  /** The current field's text before the current block (or before its last quote). */
  private field = '';
  private record: string[] = [];
  private line = 1;
  /** The last character read was a CR or LF: the next one starts a line. */
  private wasLineEnd = false;
  /** The record delimiter, found at the first line end outside quotes: CRLF, LF or CR. */
  private rd = '';

  constructor(private readonly delimiter: string) {}

  /**
   * The records that the next block of text completes; with final, also the last record.
   * @throws CsvSyntaxError for a quote inside an unquoted field, a closing quote followed by anything
   * but a delimiter, a line end or the end, or (final) a quote never closed.
   */
  push(block: string, final: boolean): CsvRecord[] {
    const t = this.carry + block;
    const out: CsvRecord[] = [];
    const delimiter = this.delimiter;
    const d0 = delimiter.charCodeAt(0);
    // Every decision looks at most two characters ahead (a closing quote, then a CRLF): before the
    // end, stop two short of it and read those with the next block.
    const end = final ? t.length : Math.max(0, t.length - 2);
    let start = 0; // where the current field's unread text begins in t
    let pos = 0;
    for (; pos < end; pos++) {
      if (this.wasLineEnd) {
        this.line++;
        this.wasLineEnd = false;
      }
      if (!this.quoting && this.rd === '') this.discover(t, pos);
      const c = t.charCodeAt(pos);
      if (c === CR || c === LF) this.wasLineEnd = true;
      if (this.escaping) {
        this.escaping = false;
        continue; // the second quote of a pair: a character of the field
      }
      if (c === QUOTE) {
        if (this.quoting) {
          if (pos + 1 < t.length && t.charCodeAt(pos + 1) === QUOTE) {
            this.field += t.slice(start, pos);
            start = pos + 1;
            this.escaping = true;
            continue;
          }
          const next = pos + 1 < t.length ? t.charCodeAt(pos + 1) : 0;
          const lineEnd = this.rd === '' ? this.discover(t, pos + 1) : t.startsWith(this.rd, pos + 1);
          if (next === 0 || t.startsWith(delimiter, pos + 1) || lineEnd) {
            this.field += t.slice(start, pos);
            start = pos + 1;
            this.quoting = false;
            this.wasQuoting = true;
            continue;
          }
          throw new CsvSyntaxError(this.line, this.record.length + 1, 'Invalid Closing Quote');
        }
        if (this.field.length + pos - start !== 0) {
          throw new CsvSyntaxError(this.line, this.record.length + 1, 'Invalid Opening Quote');
        }
        this.quoting = true;
        start = pos + 1;
        continue;
      }
      if (this.quoting) continue;
      if (this.rd !== '' && c === this.rd.charCodeAt(0) && t.startsWith(this.rd, pos)) {
        const after = pos + this.rd.length;
        if (!this.wasQuoting && this.record.length === 0 && this.field.length + pos - start === 0) {
          start = after; // an empty line: no record
        } else {
          this.record.push(this.field + t.slice(start, pos));
          out.push({ record: this.record, line: this.line });
          this.newField();
          this.record = [];
          start = after;
        }
        pos = after - 1;
        continue;
      }
      if (c === d0 && t.startsWith(delimiter, pos)) {
        this.record.push(this.field + t.slice(start, pos));
        this.newField();
        start = pos + delimiter.length;
        pos = start - 1;
      }
    }
    if (!final) {
      this.field += t.slice(start, pos);
      this.carry = t.slice(pos);
      return out;
    }
    if (this.quoting) throw new CsvSyntaxError(this.line, this.record.length + 1, 'Quote Not Closed');
    if (this.wasQuoting || this.record.length > 0 || this.field.length + t.length - start > 0) {
      this.record.push(this.field + t.slice(start));
      out.push({ record: this.record, line: this.line });
      this.record = [];
      this.newField();
    }
    this.carry = '';
    return out;
  }

  private newField(): void {
    this.field = '';
    this.wasQuoting = false;
  }

  /** Takes the line end at t[pos] (CRLF before LF before CR) as the record delimiter; whether there was one. */
  private discover(t: string, pos: number): boolean {
    const c = t.charCodeAt(pos);
    if (c === CR) this.rd = t.charCodeAt(pos + 1) === LF ? '\r\n' : '\r';
    else if (c === LF) this.rd = '\n';
    return this.rd !== '';
  }
}
