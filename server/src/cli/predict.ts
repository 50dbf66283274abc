// linwasm predict: model.json + CSV → one prediction per row, as CSV (default) or JSON.
import { Command } from 'commander';
import type { FileFormat } from 'linwasm';
import { init } from 'linwasm';
import { writeFileAtomic } from '../atomic.js';
import { readModelFile } from '../model-file.js';
import * as parse from './args.js';
import { readForModel } from './columns.js';
import { formatOption } from './format-option.js';

interface PredictFlags {
  out?: string;
  json: boolean;
  delimiter: string;
  format?: FileFormat;
  threads?: number | 'auto';
  relaxedSimd?: boolean;
}

export function predictCommand(): Command {
  return new Command('predict')
    .description('predict every row of a CSV file (header row) with a saved model')
    .argument('<model.json>', 'a model saved by linwasm train (or LinearRegression.toJSON)')
    .argument('<data>', "CSV file with a header row ('-' reads stdin), Parquet or Arrow IPC file")
    .option('-o, --out <file>', 'write the predictions to this file instead of stdout')
    .option('--json', 'JSON output: { "predictions": [ … ] }', false)
    .option('--threads <n>', "threads for the products: a count or 'auto' (default: every core)", parse.threads)
    .option(
      '--relaxed-simd',
      'the relaxed-SIMD core (fused multiply-add: faster, results close to but not the same bits as the default core) where the runtime supports it (Node ≥ 22, or Node 20 with --experimental-wasm-relaxed-simd)',
    )
    .option('-d, --delimiter <char>', "field delimiter of a CSV input ('tab' for TSV)", parse.delimiter, ',')
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nThe features are taken by name when the model knows them (other columns are ignored),\n' +
        'by position otherwise. The CSV output has one column, prediction.\n\n' +
        'Example:\n  linwasm predict model.json data/diabetes.csv --out predictions.csv',
    )
    .action(async (modelFile: string, file: string, flags: PredictFlags) => {
      const loaded = await readModelFile(modelFile);
      const data = await readForModel(file, loaded, { delimiter: flags.delimiter, format: flags.format });
      await init({ threads: flags.threads ?? 'auto', relaxedSimd: flags.relaxedSimd === true });
      const yPred = loaded.model.predict(data.X);
      const text = flags.json
        ? `${JSON.stringify({ predictions: Array.from(yPred) })}\n`
        : `prediction\n${Array.from(yPred, String).join('\n')}\n`;
      if (flags.out) await writeFileAtomic(flags.out, text);
      else process.stdout.write(text);
    });
}
