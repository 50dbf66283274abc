// Training as a service: POST a table (JSON rows, or a CSV, Parquet or Arrow file) to /v2/models/{name}/train, follow the job
// at /v2/jobs/{id}; a job that succeeds registers the next version of the model. A JSON body is
// parsed in memory; a file is streamed to a temporary file (upload.ts) that the job reads
// (http/body.ts hands it over as a stream). Jobs whose estimated memory passes maxJobMemory are refused.
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ModelParams, ServerContext } from '../context.js';
import { FILE_TYPES } from '../http/body.js';
import { HttpError } from '../http-error.js';
import { checkJobMemory } from '../job-memory.js';
import type { JobView } from '../jobs.js';
import { checkParams } from '../names.js';
import { fromJson, TRAIN_BODY_SCHEMA, type TrainJsonBody } from '../training-data.js';
import { receiveUpload, removeUpload, type Upload, uploadDir } from '../upload.js';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function trainingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const writable = async () => ctx.registry.ensureWritable();

  app.post<{
    Params: ModelParams;
    Body: TrainJsonBody | Readable | string;
    Querystring: Record<string, string | string[]>;
  }>(
    '/v2/models/:name/train',
    {
      // Refused before the body is read: without the token, or when the models are read-only.
      onRequest: [...ctx.protect, writable],
      preValidation: checkParams,
      // The JSON body's limit; a CSV body's (trainCsvLimit) is counted as it is streamed.
      bodyLimit: ctx.options.trainBodyLimit,
      config: { body: { files: true } },
      schema: { body: { content: { 'application/json': { schema: TRAIN_BODY_SCHEMA } } } },
    },
    async (request, reply) => {
      const { name } = request.params;
      const body = request.body;
      let job: JobView;
      if (isStream(body)) {
        let upload: Upload;
        try {
          ctx.jobs.ensureRoom();
          const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
          upload = await receiveUpload(
            body,
            FILE_TYPES[type] ?? 'csv',
            contentLength(request.headers['content-length']),
            singleValues(request.query),
            {
              maxRows: ctx.options.maxTrainRows,
              maxBytes: ctx.options.trainCsvLimit,
              maxJobMemory: ctx.options.maxJobMemory,
            },
            uploadDir(ctx.registry.root),
          );
        } catch (e) {
          // The rest of the body is not wanted: drop what still arrives, and end the connection
          // after the answer rather than wait for it.
          reply.header('connection', 'close');
          body.resume();
          throw e;
        }
        const { file, spec, stream, ...data } = upload;
        try {
          job = ctx.jobs.submit({ modelName: name, ...data, input: { kind: 'file', file, spec, stream } });
        } catch (e) {
          await removeUpload(file).catch(() => {});
          throw e;
        }
      } else if (body !== null && typeof body === 'object') {
        if (Object.keys(request.query).length > 0) {
          throw new HttpError(400, 'with a JSON body, give target and options in the body, not in the query string');
        }
        const { X, y, cols, ...data } = fromJson(body as TrainJsonBody, ctx.options.maxTrainRows);
        checkJobMemory({ rows: data.rows, cols, options: data.options, chunkRows: null }, ctx.options.maxJobMemory);
        job = ctx.jobs.submit({ modelName: name, ...data, input: { kind: 'arrays', X, y, cols } });
      } else {
        throw new HttpError(
          415,
          `send the training data as application/json, or a file: ${Object.keys(FILE_TYPES).join(', ')}`,
        );
      }
      reply.code(202).header('location', `/v2/jobs/${job.id}`);
      return job;
    },
  );

  app.get<{ Params: { id: string } }>('/v2/jobs/:id', async (request) => ctx.jobs.get(jobId(request.params.id)));

  app.delete<{ Params: { id: string } }>('/v2/jobs/:id', { onRequest: ctx.protect }, async (request) =>
    ctx.jobs.cancel(jobId(request.params.id)),
  );
}

function isStream(body: unknown): body is Readable {
  return body !== null && typeof body === 'object' && typeof (body as Readable).pipe === 'function';
}

function contentLength(header: string | undefined): number | undefined {
  const n = header === undefined ? Number.NaN : Number(header);
  return Number.isFinite(n) ? n : undefined;
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
