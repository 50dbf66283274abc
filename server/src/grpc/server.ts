// The KServe v2 gRPC API (inference.GRPCInferenceService from the official grpc_predict_v2.proto) on
// @grpc/grpc-js: health, metadata and inference over the same registry, limits, token, statistics and
// metrics as the REST routes. Loaded only when a gRPC port is configured.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { infer } from '../inference/infer.js';
import { metadata, SERVER_EXTENSIONS } from '../inference/metadata.js';
import { checkName, checkVersion } from '../names.js';
import { fromGrpcRequest, type GrpcInferRequest, toGrpcError, toGrpcResponse } from './convert.js';

/** The proto file, shipped in the package (proto/) and read at start. */
export const PROTO_FILE = fileURLToPath(new URL('../../proto/grpc_predict_v2.proto', import.meta.url));

/** How proto-loader decodes messages: field names as in the proto, 64-bit integers as numbers. */
export const PROTO_OPTIONS = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

type Call = grpc.ServerUnaryCall<Record<string, unknown>, unknown>;
type Handler = (call: Call) => unknown;

export interface GrpcServer {
  /** The port it listens on. */
  port: number;
  /** Stops taking calls, lets those in flight finish for up to `timeoutMs`, then cancels the rest. */
  close(timeoutMs: number): Promise<void>;
}

/** Starts the gRPC service on host:port. @throws when the port cannot be bound. */
export async function startGrpc(
  ctx: ServerContext,
  host: string,
  port: number,
  log: FastifyBaseLogger,
): Promise<GrpcServer> {
  const definition = loadSync(PROTO_FILE, PROTO_OPTIONS);
  const inference = grpc.loadPackageDefinition(definition).inference as grpc.GrpcObject;
  const service = (inference.GRPCInferenceService as grpc.ServiceClientConstructor).service;
  const server = new grpc.Server({
    // The REST body limit applies to gRPC messages too (RESOURCE_EXHAUSTED past it).
    'grpc.max_receive_message_length': ctx.options.bodyLimit,
    'grpc.max_send_message_length': -1,
  });
  server.addService(service, handlers(ctx, log));
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  log.info({ address: `${host}:${bound}` }, 'gRPC service listening');
  return {
    port: bound,
    close: (timeoutMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), timeoutMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

function handlers(ctx: ServerContext, log: FastifyBaseLogger): Record<string, grpc.UntypedHandleCall> {
  // Health stays open, as on the REST side; the rest needs the token when inference is protected.
  const open = new Set(['ServerLive', 'ServerReady']);
  const methods: Record<string, Handler> = {
    ServerLive: () => ({ live: true }),
    ServerReady: () => ({ ready: ctx.ready }),
    ServerMetadata: () => ({ name: 'linwasm', version: ctx.version, extensions: SERVER_EXTENSIONS }),
    ModelReady: ({ request }) => {
      const { name, version } = target(request);
      try {
        ctx.registry.get(name, version);
      } catch {
        return { ready: false };
      }
      return { ready: ctx.ready };
    },
    ModelMetadata: ({ request }) => {
      const { name, version } = target(request);
      const found = ctx.registry.get(name, version);
      return metadata(found, version ? [version] : ctx.registry.versions(name));
    },
    ModelInfer: ({ request }) => {
      const arrived = performance.now();
      const req = request as unknown as GrpcInferRequest;
      const { name, version } = target({ name: req.model_name, version: req.model_version });
      const common = fromGrpcRequest(req);
      const result = infer(ctx, name, version, common, { arrived, bodyStart: arrived, bodyEnd: arrived });
      const response = toGrpcResponse(result, common.binaryOutput);
      result.done();
      return response;
    },
  };
  const out: Record<string, grpc.UntypedHandleCall> = {};
  for (const [method, handle] of Object.entries(methods)) {
    out[method] = (call: Call, callback: grpc.sendUnaryData<unknown>) => {
      const started = performance.now();
      let code = grpc.status.OK;
      try {
        if (ctx.options.protectInference && !open.has(method)) {
          ctx.checkToken(call.metadata.get('authorization')[0] as string | undefined);
        }
        callback(null, handle(call));
      } catch (e) {
        const error = toGrpcError(e);
        code = error.code;
        if (code === grpc.status.INTERNAL) log.error({ err: e, method }, 'gRPC call failed');
        callback(error);
      }
      ctx.metrics.grpc(method, grpc.status[code]).observe((performance.now() - started) / 1000);
    };
  }
  return out;
}

/** The model a request names (ModelReadyRequest / ModelMetadataRequest use name and version). */
function target(request: { name?: unknown; version?: unknown }): { name: string; version?: string } {
  const name = typeof request.name === 'string' ? request.name : '';
  if (name === '') throw new HttpError(400, 'the request names no model');
  checkName(name);
  const version =
    typeof request.version === 'string' && request.version !== '' ? checkVersion(request.version) : undefined;
  return { name, version };
}
