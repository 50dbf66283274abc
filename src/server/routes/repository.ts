// Registry changes and listing: upload a model document as a new version, delete a version, and
// Triton's model repository extension (index, load, unload). Changes need the bearer token.
import type { FastifyInstance } from 'fastify';
import type { ModelParams, ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';

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
    { onRequest: [...ctx.protect, writable], schema: { body: { type: 'object' } } },
    async (request, reply) => {
      const { name } = request.params;
      const { version } = await registry.add(name, request.body);
      reply.code(201).header('location', `/v2/models/${name}/versions/${version}`);
      return { name, version };
    },
  );

  app.delete<{ Params: Required<ModelParams> }>(
    '/v2/models/:name/versions/:version',
    { onRequest: [...ctx.protect, writable] },
    async (request) => {
      const { name, version } = request.params;
      await registry.remove(name, version);
      ctx.stats.forget(name, version);
      return { name, version, deleted: true };
    },
  );

  app.post('/v2/repository/index', async () => registry.index());

  app.post<{ Params: ModelParams }>('/v2/repository/models/:name/load', { onRequest: ctx.protect }, async (request) => {
    const { name } = request.params;
    const n = await registry.loadModel(name);
    if (n === 0) throw new HttpError(404, `model '${name}' has no loadable version in the repository`);
    return { name, versions: registry.versions(name) };
  });

  app.post<{ Params: ModelParams }>(
    '/v2/repository/models/:name/unload',
    { onRequest: ctx.protect },
    async (request) => {
      const { name } = request.params;
      if (!registry.unloadModel(name)) throw new HttpError(404, `model '${name}' is not loaded`);
      ctx.stats.forget(name);
      return { name, unloaded: true };
    },
  );
}
