// Server and model metadata, the same over REST and gRPC: one input of shape [-1, nFeatures] and one
// output of shape [-1], in the model's dtype (FP32 for a float32 model, FP64 otherwise).
import type { ModelVersion } from '../registry.js';
import { INPUT_NAME, OUTPUT_NAME } from './infer.js';

export const PLATFORM = 'linwasm';

/** The protocol extensions this server implements (GET /v2, gRPC ServerMetadata). */
export const SERVER_EXTENSIONS = ['binary_tensor_data', 'statistics', 'model_repository', 'training'];

export interface TensorMetadata {
  name: string;
  datatype: string;
  shape: number[];
}

export interface ModelMetadata {
  name: string;
  versions: string[];
  platform: string;
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
  parameters?: { features: string; target: string };
}

/** The protocol's $metadata_model_response. */
export function metadata(found: ModelVersion, versions: string[]): ModelMetadata {
  const datatype = found.model.options.dtype === 'float32' ? 'FP32' : 'FP64';
  const n = found.model.nFeatures;
  return {
    name: found.name,
    versions,
    platform: PLATFORM,
    inputs: [{ name: INPUT_NAME, datatype, shape: [-1, n] }],
    outputs: [{ name: OUTPUT_NAME, datatype, shape: [-1] }],
    // Not part of the protocol's metadata: the column order a client must send its features in.
    ...(found.columns
      ? { parameters: { features: found.columns.features.join(','), target: found.columns.target ?? '' } }
      : {}),
  };
}
