// model.json as the CLI and the server write it: the model's own versioned document
// (LinearRegression.toJSON) plus the names of the columns it was trained on, so that predict can
// pick its features out of a CSV by name and evaluate can find the target. LinearRegression.fromJSON
// reads these files as they are (it ignores keys it does not know).
import { readFile } from 'node:fs/promises';
import { DataFileError, LinearRegression, type ModelJSON } from 'linwasm';

/** Column names kept with a model trained on a table. */
export interface ModelColumns {
  /** Names of the features, in the order of coef. */
  features: string[];
  /** Name of the target column. */
  target: string | null;
}

/** A model document with its column names. */
export type ModelDocument = ModelJSON & { columns?: ModelColumns };

/** A loaded model and what is known about its columns. */
export interface LoadedModel {
  model: LinearRegression;
  columns: ModelColumns | null;
  document: ModelDocument;
}

/** The document to save: model.toJSON() and, when known, the column names. */
export function modelDocument(model: LinearRegression, columns: ModelColumns | null): ModelDocument {
  const doc: ModelDocument = model.toJSON();
  if (columns) doc.columns = { features: [...columns.features], target: columns.target };
  return doc;
}

/**
 * Restores a model from its document (an object or JSON text).
 * @throws DataFileError naming `source` when the text is not JSON or not a linwasm model document.
 */
export function loadModel(json: unknown, source: string): LoadedModel {
  let doc = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (e) {
      throw new DataFileError(source, 0, 0, `not valid JSON: ${(e as Error).message}`);
    }
  }
  let model: LinearRegression;
  try {
    model = LinearRegression.fromJSON(doc);
  } catch (e) {
    throw new DataFileError(source, 0, 0, (e as Error).message);
  }
  return {
    model,
    columns: readColumns((doc as ModelDocument).columns, model.nFeatures),
    document: doc as ModelDocument,
  };
}

/**
 * Reads and restores a model file.
 * @throws DataFileError for a missing or unreadable file, or one that is not a linwasm model.
 */
export async function readModelFile(path: string): Promise<LoadedModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new DataFileError(path, 0, 0, code === 'ENOENT' ? 'no such file' : `cannot read: ${(e as Error).message}`);
  }
  return loadModel(text, path);
}

// Column names are optional extra information: a malformed list is ignored, not an error, so that
// any model document linwasm itself accepts can be served.
function readColumns(v: unknown, nFeatures: number): ModelColumns | null {
  if (v === null || typeof v !== 'object') return null;
  const { features, target } = v as Record<string, unknown>;
  if (!Array.isArray(features) || features.length !== nFeatures) return null;
  if (!features.every((f) => typeof f === 'string')) return null;
  return { features: features as string[], target: typeof target === 'string' ? target : null };
}
