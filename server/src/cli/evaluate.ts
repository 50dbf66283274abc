// linwasm evaluate: model.json + labelled CSV → R², MSE and MAE (scikit-learn's definitions).
import { Command } from 'commander';
import type { FileFormat } from 'linwasm';
import { DataFileError, init, meanAbsoluteError, meanSquaredError, r2Score } from 'linwasm';
import { readModelFile } from '../model-file.js';
import * as parse from './args.js';
import { readForModel } from './columns.js';
import { formatNumber } from './format.js';
import { formatOption } from './format-option.js';

interface EvaluateFlags {
  target?: string;
  json: boolean;
  delimiter: string;
  format?: FileFormat;
}

export function evaluateCommand(): Command {
  return new Command('evaluate')
    .description('score a saved model on a labelled CSV file: R², MSE, MAE')
    .argument('<model.json>', 'a model saved by linwasm train (or LinearRegression.toJSON)')
    .argument('<data>', "CSV file with a header row ('-' reads stdin), Parquet or Arrow IPC file")
    .option('-t, --target <column>', 'the column with the true values (default: the target the model was trained on)')
    .option('--json', 'print { rows, r2, mse, mae } as JSON', false)
    .option('-d, --delimiter <char>', "field delimiter of a CSV input ('tab' for TSV)", parse.delimiter, ',')
    .addOption(formatOption())
    .addHelpText('after', '\nExample:\n  linwasm evaluate model.json data/diabetes.csv --target target')
    .action(async (modelFile: string, file: string, flags: EvaluateFlags) => {
      const loaded = await readModelFile(modelFile);
      const target = flags.target ?? loaded.columns?.target ?? undefined;
      if (target === undefined) {
        throw new DataFileError(modelFile, 0, 0, 'the model does not name its target column: pass --target <column>');
      }
      const data = await readForModel(file, loaded, { target, delimiter: flags.delimiter, format: flags.format });
      await init();
      const y = data.y as Float64Array;
      const yPred = loaded.model.predict(data.X);
      const result = {
        rows: y.length,
        r2: r2Score(y, yPred),
        mse: meanSquaredError(y, yPred),
        mae: meanAbsoluteError(y, yPred),
      };
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      process.stdout.write(
        `rows ${result.rows}\nR²   ${result.r2.toFixed(6)}\n` +
          `MSE  ${formatNumber(result.mse)}\nMAE  ${formatNumber(result.mae)}\n`,
      );
    });
}
