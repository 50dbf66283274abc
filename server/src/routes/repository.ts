// Registry changes and listing: upload a model document (or an ONNX linear model) as a new version, delete a version, and
// Triton's model repository extension (index, load, unload). Changes need the bearer token.
import type { FastifyInstance } from 'fastify';
import { LinearRegression } from 'linwasm';
import type { ModelParams, ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { type ModelDocument, modelDocument } from '../model-file.js';
import { checkParams } from '../names.js';

/** A linear model exported to ONNX by another tool, as a linwasm model document. @throws HttpError 400 */
function fromOnnx(bytes: Buffer): ModelDocument {
  let model: LinearRegression;
  try {
    model = LinearRegression.fromONNX(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new HttpError(400, `the body is not an ONNX linear model linwasm can serve: ${(e as Error).message}`);
  }
  const names = model.featureNames;
  return modelDocument(model, names ? { features: [...names], target: null } : null);
}

export function repositoryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { registry } = ctx;
  // Refused before the body is read when the models are a read-only directory.
  const writable = async () => registry.ensureWritable();

  app.get('/v2/models', { onRequest: ctx.protectInference }, async () => ({
    models: registry.list().map((name) => {
      const versions = registry.versions(name);
      return { name, versions, latest: versions[versions.length - 1] };
    }),
  }));

  app.post<{ Params: ModelParams; Body: unknown }>(
    '/v2/models/:name/versions',
    {
      onRequest: [...ctx.protect, writable],
      preValidation: checkParams,
      schema: { body: { type: 'object' } },
      config: { body: { onnx: true } },
    },
    async (request, reply) => {
      const { name } = request.params;
      // A linwasm model document (JSON), or an ONNX linear model exported by another tool (bytes).
      const body = request.body;
      const document = Buffer.isBuffer(body) ? fromOnnx(body) : body;
      const { version } = await registry.add(name, document);
      reply.code(201).header('location', `/v2/models/${name}/versions/${version}`);
      return { name, version };
    },
  );

  app.delete<{ Params: Required<ModelParams> }>(
    '/v2/models/:name/versions/:version',
    { onRequest: [...ctx.protect, writable], preValidation: checkParams },
    async (request) => {
      const { name, version } = request.params;
      await registry.remove(name, version);
      ctx.stats.forget(name, version);
      return { name, version, deleted: true };
    },
  );

  app.post('/v2/repository/index', async () => registry.index());

  app.post<{ Params: ModelParams }>(
    '/v2/repository/models/:name/load',
    { onRequest: ctx.protect, preValidation: checkParams },
    async (request) => {
      const { name } = request.params;
      const n = await registry.loadModel(name);
      if (n === 0) throw new HttpError(404, `model '${name}' has no loadable version in the repository`);
      return { name, versions: registry.versions(name) };
    },
  );

  app.post<{ Params: ModelParams }>(
    '/v2/repository/models/:name/unload',
    { onRequest: ctx.protect, preValidation: checkParams },
    async (request) => {
      const { name } = request.params;
      if (!registry.unloadModel(name)) throw new HttpError(404, `model '${name}' is not loaded`);
      ctx.stats.forget(name);
      return { name, unloaded: true };
    },
  );
}
