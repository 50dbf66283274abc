// linwasm train: CSV → fitted model → model.json (written atomically), with progress and a summary.
import { Command, Option } from 'commander';
import {
  type FileFormat,
  init,
  LinearRegression,
  type LinearRegressionOptions,
  meanSquaredError,
  readDataFile,
} from 'linwasm';
import { writeFileAtomic } from '../atomic.js';
import { modelDocument } from '../model-file.js';
import * as parse from './args.js';
import { formatDuration, formatNumber } from './format.js';
import { formatOption } from './format-option.js';
import { createProgress } from './progress.js';
import { trainStream } from './train-stream.js';

interface TrainFlags {
  target: string;
  out: string;
  features?: string[];
  solver?: LinearRegressionOptions['solver'];
  learningRate?: number | 'auto';
  batchSize?: number;
  epochs?: number;
  l2?: number;
  l1?: number;
  alpha?: number;
  l1Ratio?: number;
  loss?: LinearRegressionOptions['loss'];
  epsilon?: number;
  schedule?: LinearRegressionOptions['schedule'];
  powerT?: number;
  optimizer?: LinearRegressionOptions['optimizer'];
  momentum?: number;
  nesterov?: boolean;
  average?: boolean | number;
  validationFraction?: number;
  dtype?: LinearRegressionOptions['dtype'];
  seed?: number;
  threads?: number | 'auto';
  relaxedSimd?: boolean;
  tolerance?: number | 'none';
  patience?: number;
  intercept: boolean;
  standardize: boolean;
  shuffle: boolean;
  delimiter: string;
  logEvery: number;
  quiet: boolean;
  json: boolean;
  stream: boolean;
  chunkRows?: number;
  format?: FileFormat;
}

export function trainCommand(): Command {
  return new Command('train')
    .description(
      'train a linear regression on a data file (CSV with a header row, Parquet, Arrow IPC) and save it as model.json',
    )
    .argument('<data>', "CSV file with a header row ('-' reads stdin), Parquet or Arrow IPC file")
    .requiredOption('-t, --target <column>', 'the column to predict')
    .requiredOption('-o, --out <model.json>', 'where to save the model (written atomically)')
    .option(
      '--features <columns>',
      'comma-separated feature columns (default: every column but the target)',
      parse.columnList,
    )
    .addOption(new Option('--solver <name>', 'the solver (default: batch)').choices(SOLVERS))
    .option('--learning-rate <eta>', "step size > 0, or 'auto' (default: auto)", parse.learningRate)
    .option('--batch-size <n>', 'rows per step of minibatch (default: 32)', parse.positiveInteger)
    .option('--epochs <n>', 'passes over the data at most (default: 1000)', parse.positiveInteger)
    .option('--l2 <lambda>', 'weight of the L2 penalty (default: 0)', parse.nonNegativeNumber)
    .option('--l1 <lambda>', 'weight of the L1 penalty, exact zeros (default: 0)', parse.nonNegativeNumber)
    .option('--alpha <a>', "scikit-learn's penalty strength, instead of --l1/--l2", parse.nonNegativeNumber)
    .option('--l1-ratio <rho>', 'L1 share of --alpha, 0 to 1 (default: 0)', parse.nonNegativeNumber)
    .addOption(new Option('--loss <name>', 'loss per row (default: squaredError)').choices(LOSSES))
    .option(
      '--epsilon <e>',
      'ε of huber and epsilonInsensitive, in units of the target (default: 0.1)',
      parse.nonNegativeNumber,
    )
    .addOption(new Option('--schedule <name>', 'learning-rate schedule (default: constant)').choices(SCHEDULES))
    .option('--power-t <p>', 'exponent of the invscaling schedule (default: 0.25)', parse.nonNegativeNumber)
    .addOption(new Option('--optimizer <name>', 'step rule of sgd/minibatch (default: plain)').choices(OPTIMIZERS))
    .option('--momentum <mu>', 'μ of the momentum optimizer, 0 to <1 (default: 0.9)', parse.nonNegativeNumber)
    .option('--nesterov', "Nesterov's form of the momentum optimizer")
    .option('--average [epoch]', 'averaged SGD, from the given epoch on (default: 1)', parse.positiveInteger)
    .option(
      '--validation-fraction <f>',
      'hold out this fraction of rows and stop on their loss, keeping the best epoch (default: 0)',
      parse.nonNegativeNumber,
    )
    .addOption(new Option('--dtype <type>', 'storage and arithmetic of X (default: float64)').choices(DTYPES))
    .option('--seed <n>', 'seed of the row shuffle, 0 to 4294967295 (default: random, saved in the model)', parse.seed)
    .option(
      '--threads <n>',
      "threads for batch gradient descent: a count or 'auto' (default: every core, when X is 512 KiB or more)",
      parse.threads,
    )
    .option(
      '--relaxed-simd',
      'the relaxed-SIMD core (fused multiply-add: faster, results close to but not the same bits as the default core) where the runtime supports it (Node ≥ 22, or Node 20 with --experimental-wasm-relaxed-simd)',
    )
    .option(
      '--tolerance <t>',
      "relative improvement that counts as progress, or 'none' (default: 1e-7)",
      parse.tolerance,
    )
    .option('--patience <n>', 'epochs without progress before stopping (default: 5)', parse.positiveInteger)
    .option('--no-intercept', 'fit a model through the origin')
    .option('--no-standardize', 'train on the raw features (no internal scaling)')
    .option('--no-shuffle', 'keep the row order in every epoch (sgd, minibatch)')
    .option('-d, --delimiter <char>', "field delimiter of a CSV file ('tab' for TSV)", parse.delimiter, ',')
    .addOption(formatOption())
    .option(
      '--log-every <n>',
      'epochs between progress lines when stderr is not a terminal',
      parse.positiveInteger,
      100,
    )
    .option('--stream', 'train chunk by chunk from the file (any size; one chunk in memory; --epochs default 1)', false)
    .option('--chunk-rows <n>', 'rows per chunk with --stream (default: 65536)', parse.positiveInteger)
    .option('-q, --quiet', 'no progress output', false)
    .option('--json', 'print the summary as JSON', false)
    .addHelpText(
      'after',
      '\nExample:\n  linwasm train data/diabetes.csv --target target --solver exact --out model.json',
    )
    .action(async (file: string, flags: TrainFlags) => {
      await train(file, flags);
    });
}

const SOLVERS = ['batch', 'sgd', 'minibatch', 'exact'];
const LOSSES = ['squaredError', 'huber', 'epsilonInsensitive'];
const SCHEDULES = ['constant', 'invscaling', 'optimal', 'adaptive'];
const OPTIMIZERS = ['plain', 'momentum', 'adam'];
const DTYPES = ['float64', 'float32'];

async function train(file: string, flags: TrainFlags): Promise<void> {
  const options: LinearRegressionOptions = {
    solver: flags.solver,
    learningRate: flags.learningRate,
    batchSize: flags.batchSize,
    maxEpochs: flags.epochs,
    l2: flags.l2,
    l1: flags.l1,
    alpha: flags.alpha,
    l1Ratio: flags.l1Ratio,
    loss: flags.loss,
    epsilon: flags.epsilon,
    schedule: flags.schedule,
    powerT: flags.powerT,
    optimizer: flags.optimizer,
    momentum: flags.momentum,
    nesterov: flags.nesterov,
    average: flags.average,
    validationFraction: flags.validationFraction,
    dtype: flags.dtype,
    seed: flags.seed,
    threads: flags.threads,
    tolerance: flags.tolerance === 'none' ? null : flags.tolerance,
    patience: flags.patience,
    fitIntercept: flags.intercept,
    standardize: flags.standardize,
    shuffle: flags.shuffle,
  };
  // Checks the options before reading what may be a large file.
  const model = new LinearRegression(options);
  if (flags.stream) return trainStream(file, flags, model);
  if (flags.chunkRows !== undefined) throw new RangeError('--chunk-rows applies to --stream');
  const started = performance.now();
  const data = await readDataFile(file, {
    source: file === '-' ? 'stdin' : file,
    delimiter: flags.delimiter,
    target: flags.target,
    features: flags.features,
    dtype: model.options.dtype,
    format: flags.format,
  });
  const y = data.y as Float64Array;
  await init({ threads: model.options.threads, relaxedSimd: flags.relaxedSimd === true });

  const o = model.options;
  const progress = createProgress({
    maxEpochs: o.maxEpochs,
    logEvery: flags.logEvery,
    quiet: flags.quiet || o.solver === 'exact',
  });
  const fitStarted = performance.now();
  try {
    model.fit(data.X, y, {
      every: progress.every,
      onEpoch: (info) => progress.onEpoch(info),
      featureNames: data.features,
    });
  } catch (e) {
    progress.finish(false);
    throw e;
  }
  progress.finish(true);
  const fitMs = performance.now() - fitStarted;

  const yPred = model.predict(data.X);
  const r2 = model.score(data.X, y);
  const mse = meanSquaredError(y, yPred);
  const doc = modelDocument(model, { features: data.features, target: data.target });
  await writeFileAtomic(flags.out, `${JSON.stringify(doc, null, 2)}\n`);
  const totalMs = performance.now() - started;

  const summary = {
    model: flags.out,
    rows: data.X.rows,
    features: data.features.length,
    target: data.target,
    solver: o.solver,
    epochs: model.epochs,
    converged: model.converged,
    learningRate: model.learningRateUsed,
    r2,
    mse,
    fitMs,
    totalMs,
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const lr = model.learningRateUsed;
  const rate = lr === null ? '' : `, learning rate ${formatNumber(lr)}${o.learningRate === 'auto' ? ' (auto)' : ''}`;
  const stop = o.solver === 'exact' ? 'exact solution' : model.converged ? 'converged' : 'not converged';
  process.stdout.write(
    `trained on ${data.X.rows} rows × ${data.features.length} features → '${data.target}'\n` +
      `solver ${o.solver}${rate}\n` +
      `epochs ${model.epochs} (${stop})\n` +
      `R² ${r2.toFixed(6)}   MSE ${formatNumber(mse)}   (training data)\n` +
      `time ${formatDuration(fitMs)} training, ${formatDuration(totalMs)} in all\n` +
      `saved ${flags.out}\n`,
  );
}
