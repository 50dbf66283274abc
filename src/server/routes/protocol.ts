// The Open Inference Protocol (KServe v2) REST API: health, server and model metadata, model
// readiness and inference. Each model route exists with and without /versions/{version}; without it
// the latest (highest) version answers.
import type { FastifyInstance } from 'fastify';
import type { ModelParams, ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';
import type { ModelVersion } from '../registry.js';
import { INPUT_NAME, type InferRequest, OUTPUT_NAME, outputs, readInput } from '../tensor.js';

export const PLATFORM = 'linwasm';

const parameters = { type: 'object' } as const;

/** The protocol's $inference_request; data elements are checked by readInput, which names positions. */
const INFER_BODY_SCHEMA = {
  type: 'object',
  required: ['inputs'],
  properties: {
    id: { type: 'string' },
    parameters,
    inputs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'shape', 'datatype', 'data'],
        properties: {
          name: { type: 'string' },
          shape: { type: 'array', items: { type: 'integer', minimum: 0 } },
          datatype: { type: 'string' },
          parameters,
          data: { type: 'array' },
        },
      },
    },
    outputs: {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, parameters } },
    },
  },
} as const;

export function protocolRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/v2/health/live', async () => ({ live: true }));

  app.get('/v2/health/ready', async (_request, reply) => {
    // 503 while loading or shutting down: load balancers and Kubernetes stop sending traffic.
    if (!ctx.ready) reply.code(503);
    return { ready: ctx.ready };
  });

  app.get('/v2', async () => ({
    name: 'linwasm',
    version: ctx.version,
    extensions: ['model_repository', 'training'],
  }));

  for (const prefix of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
    app.get<{ Params: ModelParams }>(prefix, async (request) => {
      const { name, version } = request.params;
      return metadata(ctx.registry.get(name, version), version ? [version] : ctx.registry.versions(name));
    });

    app.get<{ Params: ModelParams }>(`${prefix}/ready`, async (request) => {
      const { name, version } = request.params;
      const found = ctx.registry.get(name, version);
      return { name, version: found.version, ready: true };
    });

    app.post<{ Params: ModelParams; Body: InferRequest }>(
      `${prefix}/infer`,
      { schema: { body: INFER_BODY_SCHEMA } },
      async (request) => {
        const { name, version } = request.params;
        const found = ctx.registry.get(name, version);
        const { X, datatype } = readInput(request.body, found.model.nFeatures, ctx.options.maxRows);
        const yPred = found.model.predict(X);
        for (let i = 0; i < yPred.length; i++) {
          if (!Number.isFinite(yPred[i])) {
            throw new HttpError(400, `the prediction for row ${i} is not finite: the inputs of that row are too large`);
          }
        }
        ctx.metrics.rowsPredicted.inc({ model: name }, X.rows);
        const id = request.body.id;
        return {
          model_name: name,
          model_version: found.version,
          ...(id === undefined ? {} : { id }),
          outputs: outputs(request.body, yPred, datatype),
        };
      },
    );
  }
}

/** The protocol's $metadata_model_response. */
function metadata(found: ModelVersion, versions: string[]) {
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
