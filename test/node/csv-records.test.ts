// The CSV format reader (src/node/csv-records.ts) against csv-parse, the reader linwasm used before and
// keeps as the reference (a devDependency): on thousands of random inputs built from the characters that
// matter — quotes, delimiters, CR, LF, CRLF, spaces, NUL, characters outside ASCII — fed in blocks cut
// anywhere, both give the same records with the same line numbers, or the same error at the same line
// and field.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, CsvRecords, CsvSyntaxError } from '../../src/node/csv-records.js';
import { random } from '../helpers.js';

type Outcome = { records: CsvRecord[] } | { error: { reason: string; line: number; column: number } };

const REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'Quote Not Closed',
  CSV_INVALID_CLOSING_QUOTE: 'Invalid Closing Quote',
  INVALID_OPENING_QUOTE: 'Invalid Opening Quote',
};

/** csv-parse with the options linwasm gave it. */
function reference(text: string, delimiter: string): Outcome {
  try {
    const out = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return { records: out.map(({ record, info }) => ({ record, line: info.lines })) };
  } catch (e) {
    const err = e as Error & { code: string; lines: number; column: number };
    if (!(err.code in REASONS)) throw e;
    return { error: { reason: REASONS[err.code], line: err.lines, column: err.column + 1 } };
  }
}

/** CsvRecords, fed `text` (its byte order mark removed, as csv.ts does) in blocks ending at `cuts`. */
function ours(text: string, delimiter: string, cuts: number[]): Outcome {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const reader = new CsvRecords(delimiter);
  const records: CsvRecord[] = [];
  try {
    let from = 0;
    for (const cut of [...cuts.filter((c) => c < body.length), body.length]) {
      records.push(...reader.push(body.slice(from, cut), cut === body.length));
      from = cut;
    }
    return { records };
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    return { error: { reason: e.reason, line: e.line, column: e.column } };
  }
}

const PIECES = ['a', '1', '2.5', ' ', '"', '""', '\n', '\n', '\r', '\r\n', '\r\n', '\t', 'é', '\0', '𝄞', 'x y'];
// Whole quoted fields (with a delimiter, line ends, a doubled quote inside), so that many inputs parse.
const QUOTED = (delimiter: string) => [`"x${delimiter}y"`, '"p\nq"', '"r""s"', '"\r\n"', '""'];

/** Random characters (mostly malformed), or records of plain and quoted fields (mostly well formed). */
function randomText(u: () => number, delimiter: string): string {
  const pick = <T>(a: T[]) => a[Math.floor(u() * a.length)];
  let text = u() < 0.05 ? '\ufeff' : '';
  if (u() < 0.5) {
    const pieces = [...PIECES, delimiter, delimiter, delimiter];
    for (let i = Math.floor(u() * 40); i > 0; i--) text += pick(pieces);
    return text;
  }
  const plain = ['a', '1', '2.5', ' ', '', 'é', '𝄞 x', '\t'];
  const ends = ['\n', '\r\n', '\r', '\n\n', '\n \n'];
  const end = pick(ends);
  for (let r = Math.floor(u() * 5); r > 0; r--) {
    const fields = Array.from({ length: 1 + Math.floor(u() * 4) }, () =>
      u() < 0.3 ? pick(QUOTED(delimiter)) : pick(plain),
    );
    // Mostly one kind of line end, as files have; sometimes another.
    text += fields.join(delimiter) + (u() < 0.9 ? end : pick(ends));
  }
  return text;
}

describe('CsvRecords reads as csv-parse reads', () => {
  it.each([',', ';', '\t', '𝄞'])('random inputs, delimiter %j, in blocks cut anywhere', (delimiter) => {
    const u = random(17 + delimiter.charCodeAt(0));
    let errors = 0;
    let parsed = 0;
    let quoted = 0;
    for (let k = 0; k < 4000; k++) {
      const text = randomText(u, delimiter);
      const expected = reference(text, delimiter);
      if ('error' in expected) errors++;
      else {
        parsed++;
        if (text.includes('"')) quoted++;
      }
      const length = text.length;
      const splits = [
        [],
        Array.from({ length }, (_, i) => i + 1), // one character per block
        [Math.floor(u() * length), Math.floor(u() * length) + 1].sort((a, b) => a - b),
      ];
      for (const cuts of splits) expect(ours(text, delimiter, cuts), JSON.stringify(text)).toEqual(expected);
    }
    // Both outcomes were exercised often, and inputs with quotes that parse too.
    expect(errors).toBeGreaterThan(400);
    expect(parsed).toBeGreaterThan(1000);
    expect(quoted).toBeGreaterThan(500);
  });

  it('the cases that matter, spelled out', () => {
    const cases = [
      'a,b\r\n"1,5","x""y"\r\n\r\n3,4',
      'a,"multi\nline",c\n1,2,3\n',
      'a\r1\r2\r', // CR line ends
      'a,b\n1,"2"x\n', // text after a closing quote
      'a,b\n1,x"2"\n', // a quote inside an unquoted field
      'a,b\n1,"2\n3\n', // a quote never closed
      'a\n""\n  \n\n1\n', // an empty quoted field makes a record; blank lines do not
      'a,b\r\n"1\r\n2",3\r\n4,"5"', // CRLF inside quotes: csv-parse counts two lines, and so do we
    ];
    for (const text of cases) expect(ours(text, ',', []), JSON.stringify(text)).toEqual(reference(text, ','));
  });
});
