// Training as a service: POST a table (JSON rows or CSV) to /v2/models/{name}/train, follow the job
// at /v2/jobs/{id}; a job that succeeds registers the next version of the model.
import type { FastifyInstance } from 'fastify';
import type { ModelParams, ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { fromCsv, fromJson, TRAIN_BODY_SCHEMA, type TrainingData, type TrainJsonBody } from '../training-data.js';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function trainingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: ModelParams; Body: TrainJsonBody | string; Querystring: Record<string, string | string[]> }>(
    '/v2/models/:name/train',
    {
      onRequest: ctx.protect,
      bodyLimit: ctx.options.trainBodyLimit,
      schema: {
        body: {
          content: {
            'application/json': { schema: TRAIN_BODY_SCHEMA },
            'text/csv': { schema: { type: 'string' } },
          },
        },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const body = request.body;
      let data: TrainingData;
      if (typeof body === 'string') {
        data = await fromCsv(body, singleValues(request.query), ctx.options.maxTrainRows);
      } else {
        if (Object.keys(request.query).length > 0) {
          throw new HttpError(400, 'with a JSON body, give target and options in the body, not in the query string');
        }
        data = fromJson(body, ctx.options.maxTrainRows);
      }
      const job = ctx.jobs.submit({ modelName: name, ...data });
      reply.code(202).header('location', `/v2/jobs/${job.id}`);
      return job;
    },
  );

  app.get<{ Params: { id: string } }>('/v2/jobs/:id', async (request) => ctx.jobs.get(jobId(request.params.id)));

  app.delete<{ Params: { id: string } }>('/v2/jobs/:id', { onRequest: ctx.protect }, async (request) =>
    ctx.jobs.cancel(jobId(request.params.id)),
  );
}

function jobId(id: string): string {
  if (!JOB_ID.test(id)) throw new HttpError(404, `training job '${id.slice(0, 40)}' not found`);
  return id;
}

function singleValues(query: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) throw new HttpError(400, `query parameter '${key}' is given more than once`);
    out[key] = value;
  }
  return out;
}
