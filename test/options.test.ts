// The options added with losses, schedules, penalties, optimizers, averaging, validation and warm
// starts: every bad value is rejected at construction with a RangeError or TypeError whose message
// names the option; scikit-learn's spellings and parameters are accepted and resolved.
// (The original options are covered in errors.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression as BaselineLinearRegression } from '../src/engine/js/index.js';
import { init, LinearRegression, type LinearRegressionOptions } from '../src/index.js';
import { synthetic } from './helpers.js';

beforeAll(async () => {
  await init();
});

const ENGINES = [
  ['linwasm', LinearRegression],
  ['baseline', BaselineLinearRegression],
] as const;

type Bad = [string, Record<string, unknown>, typeof RangeError | typeof TypeError, RegExp];

const BAD: Bad[] = [
  // loss, epsilon
  [
    'loss hinge',
    { loss: 'hinge' },
    RangeError,
    /Option loss must be one of 'squaredError', 'huber', 'epsilonInsensitive'/,
  ],
  ['loss of the wrong type', { loss: 2 }, RangeError, /Option loss must be one of/],
  ['loss in the wrong case', { loss: 'Huber' }, RangeError, /Option loss/],
  ['negative epsilon', { epsilon: -1 }, RangeError, /Option epsilon must be a finite number ≥ 0, got number -1/],
  ['NaN epsilon', { epsilon: Number.NaN }, RangeError, /Option epsilon .*got number NaN/],
  ['infinite epsilon', { epsilon: Number.POSITIVE_INFINITY }, RangeError, /Option epsilon/],
  ['string epsilon', { epsilon: '0.1' }, RangeError, /Option epsilon .*got a string/],
  // schedule, powerT
  [
    'schedule cosine',
    { schedule: 'cosine' },
    RangeError,
    /Option schedule must be one of 'constant', 'invscaling', 'optimal', 'adaptive'/,
  ],
  [
    'negative powerT',
    { schedule: 'invscaling', powerT: -0.5 },
    RangeError,
    /Option powerT must be a finite number ≥ 0/,
  ],
  ['NaN powerT', { powerT: Number.NaN }, RangeError, /Option powerT/],
  [
    "schedule 'optimal' without a penalty",
    { solver: 'sgd', schedule: 'optimal' },
    RangeError,
    /Option schedule 'optimal' needs a penalty \(l2, l1 or alpha > 0\)/,
  ],
  [
    "schedule 'optimal' with alpha 0",
    { solver: 'sgd', schedule: 'optimal', alpha: 0 },
    RangeError,
    /schedule 'optimal' needs a penalty/,
  ],
  // penalties
  ['negative l1', { l1: -1 }, RangeError, /Option l1 must be a finite number ≥ 0, got number -1/],
  ['infinite l1', { l1: Number.POSITIVE_INFINITY }, RangeError, /Option l1 must be/],
  ['negative alpha', { alpha: -1 }, RangeError, /Option alpha must be a finite number ≥ 0 or null, got number -1/],
  ['string alpha', { alpha: '1' }, RangeError, /Option alpha .*got a string/],
  [
    'l1Ratio above 1',
    { alpha: 0.1, l1Ratio: 1.5 },
    RangeError,
    /Option l1Ratio must be a number in \[0, 1\], got number 1.5/,
  ],
  ['negative l1Ratio', { alpha: 0.1, l1Ratio: -0.1 }, RangeError, /Option l1Ratio must be a number in \[0, 1\]/],
  ['NaN l1Ratio', { alpha: 0.1, l1Ratio: Number.NaN }, RangeError, /Option l1Ratio/],
  ['l1Ratio without alpha', { l1Ratio: 0.5 }, RangeError, /Option l1Ratio needs alpha/],
  // l1 and l2 beside alpha only when they are what alpha and l1Ratio resolve to (resolved options).
  ['alpha with l1', { alpha: 0.1, l1: 0.1 }, RangeError, /Options alpha and l1Ratio replace l1 and l2/],
  ['alpha with another l2', { alpha: 0.1, l2: 0.2 }, RangeError, /Options alpha and l1Ratio replace l1 and l2/],
  ['alpha with l2 = 0', { alpha: 0.1, l2: 0 }, RangeError, /Options alpha and l1Ratio replace l1 and l2/],
  ['alpha with l1 = 0', { alpha: 0.1, l1Ratio: 0.5, l1: 0 }, RangeError, /alpha and l1Ratio replace l1 and l2/],
  // optimizer and its settings
  [
    'optimizer rmsprop',
    { optimizer: 'rmsprop' },
    RangeError,
    /Option optimizer must be one of 'plain', 'momentum', 'adam'/,
  ],
  [
    "optimizer 'adam' with solver 'batch'",
    { solver: 'batch', optimizer: 'adam' },
    RangeError,
    /Option optimizer 'adam' applies to solvers 'sgd' and 'minibatch'; solver 'batch' takes plain steps/,
  ],
  [
    "optimizer 'momentum' with the default solver (batch)",
    { optimizer: 'momentum' },
    RangeError,
    /Option optimizer 'momentum' applies to solvers 'sgd' and 'minibatch'/,
  ],
  [
    'momentum 1',
    { solver: 'sgd', optimizer: 'momentum', momentum: 1 },
    RangeError,
    /Option momentum must be a number in \[0, 1\), got number 1/,
  ],
  [
    'momentum −0.1',
    { solver: 'sgd', optimizer: 'momentum', momentum: -0.1 },
    RangeError,
    /Option momentum must be a number in \[0, 1\)/,
  ],
  ['string momentum', { momentum: '0.9' }, RangeError, /Option momentum .*got a string/],
  [
    'nesterov with optimizer plain',
    { solver: 'sgd', nesterov: true },
    RangeError,
    /Option nesterov: true needs optimizer 'momentum', got optimizer 'plain'/,
  ],
  [
    'nesterov with adam',
    { solver: 'sgd', optimizer: 'adam', nesterov: true },
    RangeError,
    /nesterov: true needs optimizer 'momentum'/,
  ],
  [
    'nesterov as a string',
    { solver: 'sgd', optimizer: 'momentum', nesterov: 'yes' },
    TypeError,
    /Option nesterov must be true or false/,
  ],
  [
    'beta1 1',
    { solver: 'sgd', optimizer: 'adam', beta1: 1 },
    RangeError,
    /Option beta1 must be a number in \[0, 1\), got number 1/,
  ],
  [
    'beta2 −0.1',
    { solver: 'sgd', optimizer: 'adam', beta2: -0.1 },
    RangeError,
    /Option beta2 must be a number in \[0, 1\)/,
  ],
  ['beta2 1', { beta2: 1 }, RangeError, /Option beta2/],
  [
    'adamEpsilon 0',
    { solver: 'sgd', optimizer: 'adam', adamEpsilon: 0 },
    RangeError,
    /Option adamEpsilon must be a positive number, got number 0/,
  ],
  ['negative adamEpsilon', { adamEpsilon: -1e-8 }, RangeError, /Option adamEpsilon/],
  ['infinite adamEpsilon', { adamEpsilon: Number.POSITIVE_INFINITY }, RangeError, /Option adamEpsilon/],
  // average
  [
    'average 0',
    { solver: 'sgd', average: 0 },
    RangeError,
    /Option average must be true, false or the epoch \(an integer ≥ 1\).*got number 0/,
  ],
  ['average 1.5', { solver: 'sgd', average: 1.5 }, RangeError, /Option average .*got number 1.5/],
  ['average −1', { solver: 'sgd', average: -1 }, RangeError, /Option average/],
  ['average yes', { solver: 'sgd', average: 'yes' }, RangeError, /Option average .*got a string \("yes"\)/],
  ['average null', { solver: 'sgd', average: null }, RangeError, /Option average .*got null/],
  // validationFraction
  [
    'validationFraction 1',
    { solver: 'sgd', validationFraction: 1 },
    RangeError,
    /Option validationFraction must be a number in \[0, 1\), got number 1/,
  ],
  [
    'validationFraction −0.1',
    { solver: 'sgd', validationFraction: -0.1 },
    RangeError,
    /Option validationFraction must be a number in \[0, 1\)/,
  ],
  ['validationFraction NaN', { validationFraction: Number.NaN }, RangeError, /Option validationFraction/],
  [
    'validationFraction as a string',
    { validationFraction: '0.2' },
    RangeError,
    /Option validationFraction .*got a string/,
  ],
  // warmStart
  ['warmStart yes', { warmStart: 'yes' }, TypeError, /Option warmStart must be true or false, got a string \("yes"\)/],
  ['warmStart 1', { warmStart: 1 }, TypeError, /Option warmStart must be true or false/],
  // descent-only options with the exact solver
  ...(
    [
      ['loss', { loss: 'huber' }, /Option loss \(a string \("huber"\)\) needs a gradient-descent solver/],
      ['l1', { l1: 0.1 }, /Option l1 \(number 0.1\) needs a gradient-descent solver/],
      [
        'validationFraction',
        { validationFraction: 0.2 },
        /Option validationFraction \(number 0.2\) needs a gradient-descent solver/,
      ],
      ['optimizer', { optimizer: 'momentum' }, /Option optimizer .*needs a gradient-descent solver/],
      ['optimizer adam', { optimizer: 'adam' }, /Option optimizer .*needs a gradient-descent solver/],
      ['average', { average: true }, /Option average \(boolean true\) needs a gradient-descent solver/],
      ['average as an epoch', { average: 3 }, /Option average .*needs a gradient-descent solver/],
      ['schedule', { schedule: 'invscaling' }, /Option schedule .*needs a gradient-descent solver/],
      ['loss epsilonInsensitive', { loss: 'epsilon_insensitive' }, /Option loss .*needs a gradient-descent solver/],
    ] as const
  ).map(([label, o, re]): Bad => [`exact solver with ${label}`, { solver: 'exact', ...o }, RangeError, re]),
  // unknown options: scikit-learn's names get a did-you-mean
  [
    'learning_rate',
    { learning_rate: 0.1 },
    TypeError,
    /Unknown LinearRegression option 'learning_rate' \(did you mean 'learningRate'\?\)/,
  ],
  [
    'l1_ratio',
    { alpha: 0.1, l1_ratio: 0.5 },
    TypeError,
    /Unknown LinearRegression option 'l1_ratio' \(did you mean 'l1Ratio'\?\)/,
  ],
  ['power_t', { power_t: 0.5 }, TypeError, /Unknown LinearRegression option 'power_t' \(did you mean 'powerT'\?\)/],
  [
    'warm_start',
    { warm_start: true },
    TypeError,
    /Unknown LinearRegression option 'warm_start' \(did you mean 'warmStart'\?\)/,
  ],
  [
    'validation_fraction',
    { validation_fraction: 0.1 },
    TypeError,
    /Unknown LinearRegression option 'validation_fraction' \(did you mean 'validationFraction'\?\)/,
  ],
  ['betas', { betas: [0.9, 0.999] }, TypeError, /Unknown LinearRegression option 'betas'/],
];

describe.each(ENGINES)('%s: bad options', (_name, Model) => {
  it.each(BAD)('%s', (_label, options, type, message) => {
    let error: unknown;
    try {
      new Model(options as LinearRegressionOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
  });
});

describe.each(ENGINES)('%s: accepted forms', (_name, Model) => {
  it.each([
    ['squared_error', 'squaredError'],
    ['squared', 'squaredError'],
    ['epsilon_insensitive', 'epsilonInsensitive'],
    ['squaredError', 'squaredError'],
    ['huber', 'huber'],
    ['epsilonInsensitive', 'epsilonInsensitive'],
  ] as const)("loss '%s' is stored as '%s'", (given, stored) => {
    const m = new Model({ solver: 'sgd', loss: given as LinearRegressionOptions['loss'] });
    expect(m.options.loss).toBe(stored);
  });

  it('a scikit-learn spelling trains exactly as linwasm’s', () => {
    const d = synthetic(60, 3, { seed: 2, noise: 0.5 });
    const o = { solver: 'sgd', seed: 3, maxEpochs: 10, tolerance: null, epsilon: 0.2 } as const;
    const a = new Model({ ...o, loss: 'epsilon_insensitive' as LinearRegressionOptions['loss'] }).fit(d.X, d.y);
    const b = new Model({ ...o, loss: 'epsilonInsensitive' }).fit(d.X, d.y);
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
    const c = new Model({ ...o, loss: 'squaredError' }).fit(d.X, d.y);
    expect(Array.from(a.coef)).not.toEqual(Array.from(c.coef));
  });

  it.each([
    // alpha, l1Ratio → l1 = 2·alpha·ρ, l2 = alpha·(1 − ρ)
    [0.3, 0.25, 0.15, 0.225],
    [0.2, 1, 0.4, 0],
    [0.2, 0, 0, 0.2],
    [1e-4, 0.15, 3e-5, 8.5e-5],
    [0, 0.5, 0, 0],
  ])('alpha %d, l1Ratio %d → l1 %d, l2 %d', (alpha, l1Ratio, l1, l2) => {
    const m = new Model({ solver: 'sgd', alpha, l1Ratio });
    expect(m.options.alpha).toBe(alpha);
    expect(m.options.l1Ratio).toBe(l1Ratio);
    expect(m.options.l1).toBeCloseTo(l1, 15);
    expect(m.options.l2).toBeCloseTo(l2, 15);
  });

  it('alpha alone is pure L2 (l1Ratio 0)', () => {
    const m = new Model({ solver: 'sgd', alpha: 0.05 });
    expect(m.options.l1Ratio).toBe(0);
    expect(m.options.l1).toBe(0);
    expect(m.options.l2).toBe(0.05);
    // And the exact solver takes it, as ridge.
    const d = synthetic(50, 3, { seed: 4 });
    const a = new Model({ solver: 'exact', alpha: 0.05 }).fit(d.X, d.y);
    const b = new Model({ solver: 'exact', l2: 0.05 }).fit(d.X, d.y);
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
  });

  it('resolved options (alpha with its l1 and l2) resolve again to themselves', () => {
    const m = new Model({ solver: 'sgd', alpha: 0.3, l1Ratio: 0.25, seed: 1 });
    const again = new Model({ ...m.options });
    expect(again.options).toEqual(m.options);
    // But not with l1 or l2 changed.
    expect(() => new Model({ ...m.options, l2: m.options.l2 * 2 })).toThrow(/alpha and l1Ratio replace l1 and l2/);
  });

  it('alpha and l1Ratio train as the l1 and l2 they stand for', () => {
    const d = synthetic(80, 4, { seed: 6, noise: 0.5 });
    const o = { solver: 'sgd', seed: 5, maxEpochs: 15, tolerance: null } as const;
    const a = new Model({ ...o, alpha: 0.1, l1Ratio: 0.5 }).fit(d.X, d.y);
    // 2·0.1·0.5 and 0.1·0.5 are exact halvings: 0.1 and 0.05.
    const b = new Model({ ...o, l1: 0.1, l2: 0.05 }).fit(d.X, d.y);
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
    expect(a.intercept).toBe(b.intercept);
  });

  it('valid combinations are accepted', () => {
    const ok: LinearRegressionOptions[] = [
      { solver: 'sgd', optimizer: 'momentum', nesterov: true, momentum: 0 },
      { solver: 'minibatch', optimizer: 'adam', beta1: 0, beta2: 0.5, adamEpsilon: 1e-12 },
      { solver: 'sgd', average: true },
      { solver: 'sgd', average: 1 },
      { solver: 'sgd', average: 10 },
      { solver: 'batch', loss: 'huber', epsilon: 0 },
      { solver: 'sgd', schedule: 'optimal', l2: 1e-4 },
      { solver: 'sgd', schedule: 'optimal', l1: 1e-4 },
      { solver: 'sgd', schedule: 'optimal', alpha: 1e-4, l1Ratio: 0.15 },
      { solver: 'sgd', schedule: 'invscaling', powerT: 0 },
      { solver: 'sgd', validationFraction: 0 },
      { solver: 'sgd', validationFraction: 0.999 },
      { solver: 'exact', warmStart: true },
      // Descent-only options at their defaults are fine with the exact solver.
      {
        solver: 'exact',
        loss: 'squaredError',
        schedule: 'constant',
        l1: 0,
        optimizer: 'plain',
        average: false,
        validationFraction: 0,
      },
      { solver: 'exact', loss: 'squared_error' as LinearRegressionOptions['loss'] },
      { alpha: null, l1Ratio: null, l1: 0.1 },
    ];
    for (const options of ok) expect(() => new Model(options)).not.toThrow();
  });
});
