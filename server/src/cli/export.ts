// linwasm export: model.json → ONNX (for ONNX Runtime, Triton, KServe) or a scikit-learn document.
import { Command, Option } from 'commander';
import { writeFileAtomic } from '../atomic.js';
import { readModelFile } from '../model-file.js';

interface ExportFlags {
  format: 'onnx' | 'sklearn';
  out: string;
  dtype?: 'float32' | 'float64';
  inputName?: string;
  outputName?: string;
}

export function exportCommand(): Command {
  return new Command('export')
    .description('write a saved model in another format: ONNX, or scikit-learn attributes as JSON')
    .argument('<model.json>', 'a model saved by linwasm train (or LinearRegression.toJSON)')
    .addOption(new Option('--format <format>', 'onnx or sklearn').choices(['onnx', 'sklearn']).makeOptionMandatory())
    .requiredOption('-o, --out <file>', 'where to write it (atomically)')
    .addOption(
      new Option('--dtype <type>', "ONNX: the input's element type (default: the model's dtype)").choices([
        'float64',
        'float32',
      ]),
    )
    .option('--input-name <name>', "ONNX: the input's name (default X)")
    .option('--output-name <name>', "ONNX: the output's name (default y)")
    .addHelpText(
      'after',
      '\nThe ONNX model is y = MatMul(X, coef) + intercept (IR version 8, opset 13), input [N, nFeatures],\n' +
        'output [N], the feature names and target in its metadata.\n\n' +
        'Examples:\n  linwasm export model.json --format onnx --out model.onnx\n' +
        '  linwasm export model.json --format sklearn --out model.sklearn.json',
    )
    .action(async (modelFile: string, flags: ExportFlags) => {
      const { model, columns } = await readModelFile(modelFile);
      if (flags.format === 'sklearn') {
        const doc = model.toSklearn();
        if (columns && !doc.feature_names_in_) doc.feature_names_in_ = [...columns.features];
        await writeFileAtomic(flags.out, `${JSON.stringify(doc, null, 2)}\n`);
        return;
      }
      const bytes = model.toONNX({
        dtype: flags.dtype,
        featureNames: columns?.features ?? model.featureNames ?? undefined,
        target: columns?.target ?? undefined,
        inputName: flags.inputName,
        outputName: flags.outputName,
      });
      await writeFileAtomic(flags.out, bytes);
    });
}
