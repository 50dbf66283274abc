// The nesting checks behind every JSON body: the native bracket count that lets a small body skip the
// scanner, checked against a plain count, and the scanner fed in pieces against the whole text.
import { describe, expect, it } from 'vitest';
import { DepthScanner, fewOpenings } from '../src/http/json-depth.js';

/** A plain count of '[' and '{' in bytes[0, end). */
function openings(bytes: Buffer, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x5b || bytes[i] === 0x7b) n++;
  return n;
}

/** Deterministic pseudo-random text made mostly of brackets, quotes and digits. */
function text(seed: number, length: number): Buffer {
  const alphabet = '[]{}"\\1,: ';
  let s = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out += alphabet[s % alphabet.length];
  }
  return Buffer.from(out, 'latin1');
}

describe('fewOpenings', () => {
  it('is true exactly when bytes[0, end) holds at most max opening brackets', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const bytes = text(seed, 1 + (seed % 40));
      for (const end of [0, bytes.length >> 1, bytes.length]) {
        for (const max of [0, 1, 2, 5, 16]) {
          expect(fewOpenings(bytes, end, max), `seed ${seed}, end ${end}, max ${max}`).toBe(
            openings(bytes, end) <= max,
          );
        }
      }
    }
  });

  it('ignores brackets past end (the binary part of a Triton body)', () => {
    const json = Buffer.from('{"inputs":[{"shape":[1,2]}]}');
    const bytes = Buffer.concat([json, Buffer.alloc(64, 0x5b)]);
    expect(fewOpenings(bytes, json.length, 4)).toBe(true);
    expect(fewOpenings(bytes, json.length + 1, 4)).toBe(false);
  });
});

describe('DepthScanner', () => {
  it('finds the same first bracket too deep whether the text comes whole or in pieces', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const bytes = text(seed, 60);
      const whole = new DepthScanner(3).push(bytes);
      for (const cut of [1, 7, 30, 59]) {
        const scanner = new DepthScanner(3);
        const first = scanner.push(bytes, 0, cut);
        const found = first >= 0 ? first : scanner.push(bytes.subarray(cut));
        expect(found, `seed ${seed}, cut ${cut}`).toBe(whole);
      }
    }
  });
});
