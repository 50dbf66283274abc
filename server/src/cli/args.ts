// Parsers for flag values. Each rejects a bad value while commander still knows which flag it came
// from, so the message names the flag the user typed (--epochs) rather than the option (maxEpochs).
import { InvalidArgumentError } from 'commander';

export function positiveInteger(value: string): number {
  const v = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(v) || v < 1 || v > 0x7fffffff) {
    throw new InvalidArgumentError('expected a positive integer.');
  }
  return v;
}

/** --threads: 'auto' (every core) or a positive integer. */
export function threads(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  try {
    return positiveInteger(value);
  } catch {
    throw new InvalidArgumentError("expected a positive integer or 'auto'.");
  }
}

export function nonNegativeInteger(value: string): number {
  const v = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(v)) {
    throw new InvalidArgumentError('expected an integer ≥ 0.');
  }
  return v;
}

export function logLevel(value: string): string {
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(value)) throw new InvalidArgumentError(`expected one of ${levels.join(', ')}.`);
  return value;
}

export function nonNegativeNumber(value: string): number {
  const v = decimal(value);
  if (!(v >= 0)) throw new InvalidArgumentError('expected a finite number ≥ 0.');
  return v;
}

export function learningRate(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const v = decimal(value);
  if (!(v > 0)) throw new InvalidArgumentError("expected a number > 0 or 'auto'.");
  return v;
}

/** A tolerance, or 'none' (commander turns a null from a parser into '', so the caller maps 'none' to null). */
export function tolerance(value: string): number | 'none' {
  if (value === 'none') return 'none';
  const v = decimal(value);
  if (!(v >= 0)) throw new InvalidArgumentError("expected a number ≥ 0, or 'none' to never stop early.");
  return v;
}

export function seed(value: string): number {
  const v = Number(value);
  if (!/^\d+$/.test(value.trim()) || v > 0xffffffff) {
    throw new InvalidArgumentError('expected an integer from 0 to 4294967295.');
  }
  return v;
}

/** A fraction in (0, 1]. */
export function fraction(value: string): number {
  const v = decimal(value);
  if (!(v > 0 && v <= 1)) throw new InvalidArgumentError('expected a fraction greater than 0 and at most 1.');
  return v;
}

export function port(value: string): number {
  const v = Number(value);
  if (!/^\d+$/.test(value.trim()) || v > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535.');
  return v;
}

/** A delimiter: one character, or the names tab/\t for tab-separated files. */
export function delimiter(value: string): string {
  const v = value === '\\t' || value === 'tab' ? '\t' : value;
  if ([...v].length !== 1 || v === '"' || v === '\n' || v === '\r') {
    throw new InvalidArgumentError("expected one character (use 'tab' for tab-separated files).");
  }
  return v;
}

/** A comma-separated list of column names. */
export function columnList(value: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.some((s) => s === '')) throw new InvalidArgumentError('expected column names separated by commas.');
  return names;
}

/** A byte size: 1048576, 512kb, 16mb, 1gb. */
export function byteSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 1048576, 512kb or 16mb.');
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  const v = Math.floor(Number(m[1]) * unit);
  if (v < 1) throw new InvalidArgumentError('expected a size of at least 1 byte.');
  return v;
}

function decimal(value: string): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v)) throw new InvalidArgumentError('expected a finite number.');
  return v;
}
