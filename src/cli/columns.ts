// Reading a CSV for an existing model: by column name when the model knows its feature names (other
// columns, such as the target or an id, are skipped), by position otherwise.
import { type CsvData, readCsv } from '../node/csv.js';
import { DataFileError } from '../node/errors.js';
import type { LoadedModel } from '../node/model-file.js';

/**
 * Reads the features (and the target, when given) a model needs from a CSV file.
 * @throws DataFileError for a missing column, a wrong column count, or a bad value (see readCsv).
 */
export async function readForModel(
  file: string,
  loaded: LoadedModel,
  { target, delimiter }: { target?: string; delimiter: string },
): Promise<CsvData> {
  const features = loaded.columns?.features;
  const source = file === '-' ? 'stdin' : file;
  const data = await readCsv(file, { source, delimiter, target, features });
  const n = loaded.model.nFeatures;
  if (data.X.cols !== n) {
    const extra = target === undefined ? '' : ` besides the target '${target}'`;
    throw new DataFileError(
      source,
      1,
      0,
      `wrong column count: the model takes ${n} features, the file has ${data.X.cols} columns${extra}`,
    );
  }
  return data;
}
