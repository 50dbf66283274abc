// The t and F distributions and the regularized incomplete beta function behind summary()'s
// p-values and confidence intervals, against mpmath at 40 digits and beside scipy
// (scripts/sklearn_selection_fixtures.py). scipy 1.10's quantiles (Cephes) are themselves off by up
// to 6e-10 in the middle and far more in the tails, so scipy is checked at its own accuracy.
import { describe, expect, it } from 'vitest';
import {
  fCdf,
  fQuantile,
  fSurvival,
  incompleteBeta,
  inverseIncompleteBeta,
  logGamma,
  studentTCdf,
  studentTQuantile,
  studentTTwoSided,
} from '../src/stats/distributions.js';
import fixtures from './fixtures/sklearn_selection.json' with { type: 'json' };

const d = fixtures.distributions;

/** |a − b| ≤ rel·|b| + abs. */
function close(a: number, b: number, rel: number, abs = 0): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.abs(b) + abs;
}

describe('against mpmath (40 digits)', () => {
  it('incompleteBeta: both tails, to 1e-12 relative', () => {
    for (const c of d.incompleteBeta) {
      const r = incompleteBeta(c.a, c.b, c.x);
      expect(close(r.p, c.p, 1e-12, 1e-300), `I_${c.x}(${c.a}, ${c.b}) = ${r.p}, mpmath ${c.p}`).toBe(true);
      // The complement to the same relative precision when it is the smaller tail, else to 1e-15.
      expect(close(r.q, c.q, 1e-12, 1e-15), `1 − I_${c.x}(${c.a}, ${c.b}) = ${r.q}, mpmath ${c.q}`).toBe(true);
    }
  });

  it("Student's t: CDF and two-sided p-values to 1e-11 relative", () => {
    for (const c of d.studentT) {
      expect(close(studentTCdf(c.t, c.df), c.cdf, 1e-11), `cdf(${c.t}; ${c.df})`).toBe(true);
      expect(close(studentTTwoSided(c.t, c.df), c.twoSided, 1e-11), `p(${c.t}; ${c.df})`).toBe(true);
    }
  });

  it("Student's t quantiles to 1e-12 relative", () => {
    for (const c of d.studentTQuantile) {
      expect(close(studentTQuantile(c.p, c.df), c.t, 1e-12, 1e-300), `ppf(${c.p}; ${c.df})`).toBe(true);
    }
  });

  it('F: CDF and survival function to 1e-12 relative', () => {
    for (const c of d.f) {
      expect(close(fCdf(c.f, c.d1, c.d2), c.cdf, 1e-12, 1e-300), `cdf(${c.f}; ${c.d1}, ${c.d2})`).toBe(true);
      expect(close(fSurvival(c.f, c.d1, c.d2), c.sf, 1e-12, 1e-300), `sf(${c.f}; ${c.d1}, ${c.d2})`).toBe(true);
    }
  });

  it('F quantiles to 1e-11 relative', () => {
    for (const c of d.fQuantile) {
      expect(close(fQuantile(c.p, c.d1, c.d2), c.f, 1e-11), `ppf(${c.p}; ${c.d1}, ${c.d2})`).toBe(true);
    }
  });
});

describe('beside scipy', () => {
  it("two-sided t p-values (statsmodels' pvalues) within 1e-10 absolute of scipy", () => {
    for (const c of d.studentT) expect(Math.abs(studentTTwoSided(c.t, c.df) - c.scipyTwoSided)).toBeLessThan(1e-10);
  });

  it("the 95% t quantiles (statsmodels' conf_int) within 1e-9 relative of scipy", () => {
    for (const c of d.studentTQuantile.filter((q) => q.p === 0.975 || q.p === 0.025)) {
      expect(close(studentTQuantile(c.p, c.df), c.scipyT, 1e-9), `ppf(${c.p}; ${c.df})`).toBe(true);
    }
  });

  it('F p-values within 1e-10 absolute of scipy', () => {
    for (const c of d.f) expect(Math.abs(fSurvival(c.f, c.d1, c.d2) - c.scipySf)).toBeLessThan(1e-10);
  });
});

describe('identities', () => {
  it('logGamma: ln Γ(n) = ln (n − 1)! and ln Γ(1/2) = ln √π', () => {
    let factorial = 1;
    for (let n = 1; n <= 25; n++) {
      if (n > 1) factorial *= n - 1;
      expect(close(logGamma(n), Math.log(factorial), 1e-14, 4e-15)).toBe(true);
    }
    expect(close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14)).toBe(true);
    expect(close(logGamma(1e-10), -Math.log(1e-10) - 0.5772156649015329e-10, 1e-14)).toBe(true);
  });

  it('inverseIncompleteBeta inverts incompleteBeta on both sides of 1/2', () => {
    for (const [a, b] of [
      [0.5, 0.5],
      [3, 7],
      [50, 0.5],
      [0.7, 200],
    ]) {
      for (const x of [1e-8, 0.03, 0.4, 0.6, 0.97, 1 - 1e-7]) {
        const { p, q } = incompleteBeta(a, b, x);
        if (p === 0 || q === 0) continue; // underflows: nothing to invert
        const back = inverseIncompleteBeta(p, a, b, q);
        expect(close(back.x, x, 1e-10), `a=${a} b=${b} x=${x}: ${back.x}`).toBe(true);
        expect(close(back.y, 1 - x, 1e-8), `a=${a} b=${b} y=${1 - x}: ${back.y}`).toBe(true);
      }
    }
  });

  it('edges: the t quantile at 0, ½ and 1, F at 0 and ∞', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 7)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 7)).toBe(Number.POSITIVE_INFINITY);
    expect(studentTTwoSided(0, 7)).toBe(1);
    expect(studentTTwoSided(Number.POSITIVE_INFINITY, 7)).toBe(0);
    expect(fCdf(0, 2, 3)).toBe(0);
    expect(fSurvival(Number.POSITIVE_INFINITY, 2, 3)).toBe(0);
    expect(fQuantile(0, 2, 3)).toBe(0);
  });
});

describe('bad input', () => {
  it('names the parameter', () => {
    expect(() => studentTCdf(1, 0)).toThrow(/df must be a finite number > 0, got 0/);
    expect(() => studentTCdf(Number.NaN, 3)).toThrow(/t is NaN/);
    expect(() => studentTQuantile(1.5, 3)).toThrow(/p must be a probability in \[0, 1\], got 1.5/);
    expect(() => fCdf(1, -1, 3)).toThrow(/d1 must be a finite number > 0/);
    expect(() => fQuantile(0.5, 2, Number.POSITIVE_INFINITY)).toThrow(/d2 must be a finite number > 0/);
    expect(() => incompleteBeta(0, 1, 0.5)).toThrow(RangeError);
    expect(() => incompleteBeta(1, 1, 1.5)).toThrow(/x must be in \[0, 1\]/);
    expect(() => logGamma(-1)).toThrow(/x must be a finite number > 0/);
  });
});
