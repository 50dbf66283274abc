// Student's t and Fisher's F distributions (CDF, survival function, quantile) for the inference
// statistics of summary(), through the regularized incomplete beta function I_x(a, b): a modified
// Lentz continued fraction (Numerical Recipes, 3rd ed., §6.4; the same expansion as Cephes' incbcf)
// and its inverse by Halley's method from NR's initial guess. Each function computes the smaller
// tail directly, so p-values far below 1e-16 keep their relative precision.

const EPS = 2.220446049250313e-16;
/** Stands in for 0 in Lentz's algorithm. */
const TINY = 1e-300;
/** Iterations of the continued fraction; it needs O(√max(a, b)) of them. */
const MAX_TERMS = 100_000;
const HALF_LOG_2PI = 0.9189385332046728;

/**
 * ln Γ(x) for x > 0: Stirling's series from x ≥ 10, the recurrence Γ(x) = Γ(x + 1)/x below. The
 * series' first omitted term is under 1e-17 at x = 10.
 * @throws RangeError for x not finite and > 0.
 */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`logGamma: x must be a finite number > 0, got ${x}`);
  let shift = 0;
  let product = 1;
  while (x < STIRLING_FROM) {
    product *= x;
    x += 1;
    // Tiny x makes the product underflow: take its log in pieces.
    if (product < 1e-200) {
      shift += Math.log(product);
      product = 1;
    }
  }
  shift += Math.log(product);
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingTail(x) - shift;
}

const STIRLING_FROM = 10;

/** Σ B₂ₖ / (2k(2k − 1)·x^(2k−1)), k = 1 … 8: what Stirling's formula leaves out of ln Γ(x). */
function stirlingTail(x: number): number {
  const z2 = 1 / (x * x);
  return (
    (1 / 12 +
      z2 *
        (-1 / 360 +
          z2 *
            (1 / 1260 +
              z2 * (-1 / 1680 + z2 * (1 / 1188 + z2 * (-691 / 360360 + z2 * (1 / 156 - z2 * (3617 / 122400)))))))) /
    x
  );
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). For large arguments the three logarithms are huge
 * and nearly cancel; Stirling's formula lets the difference be written with ln(a/(a + b)) =
 * −log1p(b/a) and its twin, so it keeps full relative precision (as Boost and Cephes do).
 */
function logBeta(a: number, b: number): number {
  if (a < b) [a, b] = [b, a];
  if (a < STIRLING_FROM) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const sum = a + b;
  const tails = stirlingTail(a) - stirlingTail(sum);
  // ln Γ(a) − ln Γ(a + b), both by Stirling: −(a − ½)·log1p(b/a) − b·ln(a + b) + b.
  const difference = -(a - 0.5) * Math.log1p(b / a) - b * Math.log(sum) + b + tails;
  if (b < STIRLING_FROM) return logGamma(b) + difference;
  // Both large: ln Γ(b) by Stirling too, with b·ln b − b·ln(a + b) = b·ln(b/(a + b)).
  return (
    HALF_LOG_2PI - 0.5 * Math.log(b) + b * Math.log(b / sum) - (a - 0.5) * Math.log1p(b / a) + stirlingTail(b) + tails
  );
}

/**
 * The regularized incomplete beta function I_x(a, b) and its complement 1 − I_x(a, b) = I_y(b, a),
 * for x ∈ [0, 1] given together with y = 1 − x (pass y computed without cancellation when x is
 * near 1). The tail on the side where the continued fraction converges is computed directly and
 * the other as 1 minus it.
 * @throws RangeError for a, b not finite and > 0, or x outside [0, 1].
 */
export function incompleteBeta(a: number, b: number, x: number, y = 1 - x): { p: number; q: number } {
  if (!(a > 0) || !Number.isFinite(a) || !(b > 0) || !Number.isFinite(b)) {
    throw new RangeError(`incompleteBeta: a and b must be finite numbers > 0, got a = ${a}, b = ${b}`);
  }
  if (!(x >= 0 && x <= 1) || !(y >= 0 && y <= 1)) {
    throw new RangeError(`incompleteBeta: x must be in [0, 1], got ${x}`);
  }
  // x and y are each exact near their own end: test each only at its own zero.
  if (x === 0) return { p: 0, q: 1 };
  if (y === 0) return { p: 1, q: 0 };
  const logX = x > 0.5 ? Math.log1p(-y) : Math.log(x);
  const logY = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  const front = Math.exp(a * logX + b * logY - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) {
    const p = (front * continuedFraction(a, b, x)) / a;
    return { p, q: 1 - p };
  }
  const q = (front * continuedFraction(b, a, y)) / b;
  return { p: 1 - q, q };
}

/** The continued fraction of I_x(a, b) (NR's betacf), by the modified Lentz method. */
function continuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= EPS) return h;
  }
  // Not reached for the parameters of regression statistics (a, b ≤ n/2 converge in ~√n terms).
  throw new RangeError(`incompleteBeta: the continued fraction did not converge for a = ${a}, b = ${b}, x = ${x}`);
}

/**
 * The x ∈ [0, 1] with I_x(a, b) = p, given p and q = 1 − p (pass q exactly when p is near 1), with
 * y = 1 − x. Halley's method from NR's initial guess (invbetai), aimed at the smaller of p and q
 * and stepping the smaller of x and y, so that a far tail and a solution near 1 both keep their
 * relative precision.
 * @throws RangeError for p outside [0, 1] or a, b not finite and > 0.
 */
export function inverseIncompleteBeta(p: number, a: number, b: number, q = 1 - p): { x: number; y: number } {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`inverseIncompleteBeta: p must be in [0, 1], got ${p}`);
  if (!(a > 0) || !Number.isFinite(a) || !(b > 0) || !Number.isFinite(b)) {
    throw new RangeError(`inverseIncompleteBeta: a and b must be finite numbers > 0, got a = ${a}, b = ${b}`);
  }
  if (p === 0) return { x: 0, y: 1 };
  if (q <= 0) return { x: 1, y: 0 };
  const guess = initialGuess(p, q, a, b);
  const lower = p <= q; // aim at p (I_x grows with x) or at q (1 − I_x falls)
  const target = lower ? p : q;
  const onX = guess.x <= 0.5; // step x, or y = 1 − x
  let v = onX ? guess.x : guess.y;
  const logB = logBeta(a, b);
  for (let j = 0; j < 100; j++) {
    const x = onX ? v : 1 - v;
    const y = onX ? 1 - v : v;
    const tails = incompleteBeta(a, b, x, y);
    const f = (lower ? tails.p : tails.q) - target;
    // d(tail)/dv = ±density, d²(tail)/dv² = d(tail)/dv · ((a − 1)/x − (b − 1)/y) · dx/dv.
    const sign = (lower ? 1 : -1) * (onX ? 1 : -1);
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(y) - logB);
    const u = f / (sign * density);
    const curvature = ((a - 1) / x - (b - 1) / y) * (onX ? 1 : -1);
    let step = u / (1 - 0.5 * Math.min(1, u * curvature));
    if (!Number.isFinite(step)) step = u;
    let next = v - step;
    // Stay inside (0, 1): halve the way to the edge instead of crossing it.
    if (next <= 0) next = v / 2;
    if (next >= 1) next = (v + 1) / 2;
    const done = Math.abs(next - v) <= 2 * EPS * next;
    v = next;
    if (done || f === 0) break;
  }
  return onX ? { x: v, y: 1 - v } : { x: 1 - v, y: v };
}

/** NR's starting point: a normal approximation for a, b ≥ 1, else the leading terms of each tail. */
function initialGuess(p: number, q: number, a: number, b: number): { x: number; y: number } {
  if (a >= 1 && b >= 1) {
    const t = Math.sqrt(-2 * Math.log(Math.min(p, q)));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    const e = Math.exp(2 * w);
    return { x: a / (a + b * e), y: (b * e) / (a + b * e) };
  }
  const lna = Math.log(a / (a + b));
  const lnb = Math.log(b / (a + b));
  const t = Math.exp(a * lna) / a;
  const u = Math.exp(b * lnb) / b;
  const w = t + u;
  if (p < t / w) {
    const x = (a * w * p) ** (1 / a);
    return { x, y: 1 - x };
  }
  const y = (b * w * q) ** (1 / b);
  return { x: 1 - y, y };
}

function checkDf(df: number, name: string, fn: string): void {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${df}`);
}

function checkProbability(p: number, fn: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${fn}: p must be a probability in [0, 1], got ${p}`);
}

/**
 * P(|T| ≥ |t|) for Student's t with df degrees of freedom: the two-sided p-value of a t statistic.
 * @throws RangeError for df not finite and > 0, or t NaN.
 */
export function studentTTwoSided(t: number, df: number): number {
  checkDf(df, 'df', 'studentTTwoSided');
  if (Number.isNaN(t)) throw new RangeError('studentTTwoSided: t is NaN');
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  // x = df/(df + t²) and y = t²/(df + t²), each without cancellation.
  return incompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2)).p;
}

/** P(T ≤ t) for Student's t with df degrees of freedom. @throws as studentTTwoSided. */
export function studentTCdf(t: number, df: number): number {
  const tail = studentTTwoSided(t, df) / 2;
  return t < 0 ? tail : 1 - tail;
}

/**
 * The t with P(T ≤ t) = p (Student's t, df degrees of freedom); ±Infinity at p = 0 or 1.
 * @throws RangeError for p outside [0, 1] or df not finite and > 0.
 */
export function studentTQuantile(p: number, df: number): number {
  checkProbability(p, 'studentTQuantile');
  checkDf(df, 'df', 'studentTQuantile');
  if (p === 0.5) return 0;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const alpha = 2 * Math.min(p, 1 - p); // the two-sided tail
  const { x, y } = inverseIncompleteBeta(alpha, df / 2, 0.5, 1 - alpha);
  const t = Math.sqrt((df * y) / x);
  return p < 0.5 ? -t : t;
}

/** P(F ≤ f) for Fisher's F with (d1, d2) degrees of freedom. @throws RangeError for bad degrees of freedom or f NaN. */
export function fCdf(f: number, d1: number, d2: number): number {
  return fTails(f, d1, d2, 'fCdf').p;
}

/** P(F > f): the p-value of an F statistic. @throws as fCdf. */
export function fSurvival(f: number, d1: number, d2: number): number {
  return fTails(f, d1, d2, 'fSurvival').q;
}

function fTails(f: number, d1: number, d2: number, fn: string): { p: number; q: number } {
  checkDf(d1, 'd1', fn);
  checkDf(d2, 'd2', fn);
  if (Number.isNaN(f)) throw new RangeError(`${fn}: f is NaN`);
  if (f <= 0) return { p: 0, q: 1 };
  if (f === Number.POSITIVE_INFINITY) return { p: 1, q: 0 };
  const denominator = d1 * f + d2;
  return incompleteBeta(d1 / 2, d2 / 2, (d1 * f) / denominator, d2 / denominator);
}

/**
 * The f with P(F ≤ f) = p for Fisher's F with (d1, d2) degrees of freedom; Infinity at p = 1.
 * @throws RangeError for p outside [0, 1] or bad degrees of freedom.
 */
export function fQuantile(p: number, d1: number, d2: number): number {
  checkProbability(p, 'fQuantile');
  checkDf(d1, 'd1', 'fQuantile');
  checkDf(d2, 'd2', 'fQuantile');
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const { x, y } = inverseIncompleteBeta(p, d1 / 2, d2 / 2);
  return (d2 * x) / (d1 * y);
}
