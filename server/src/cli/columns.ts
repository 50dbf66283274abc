// Reading a data file (CSV, Parquet, Arrow) for an existing model: by column name when the model knows
// its feature names (other columns, such as the target or an id, are skipped), by position otherwise.
import { type DataFile, DataFileError, type FileFormat, readDataFile } from 'linwasm';
import type { LoadedModel } from '../model-file.js';

/**
 * Reads the features (and the target, when given) a model needs from a data file.
 * @throws DataFileError for a missing column, a wrong column count, or a bad value (see readDataFile).
 */
export async function readForModel(
  file: string,
  loaded: LoadedModel,
  { target, delimiter, format }: { target?: string; delimiter: string; format?: FileFormat },
): Promise<DataFile> {
  const features = loaded.columns?.features ?? loaded.model.featureNames ?? undefined;
  const source = file === '-' ? 'stdin' : file;
  const data = await readDataFile(file, { source, delimiter, target, features, format });
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
