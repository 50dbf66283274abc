// linwasm serve: the model server on its own, with JSON logs on stdout and a graceful shutdown on
// SIGINT/SIGTERM (a second signal exits at once). The server runs in a child process without V8's memory reducer
// (serve-process.ts says why) unless --memory-reducer asks for V8's default.
import { Command } from 'commander';
import * as parse from './args.js';
import { memoryReducerOff, serveInChildProcess, stopOnSignals } from './serve-process.js';

interface ServeFlags {
  models?: string;
  modelDir?: string;
  modelName?: string;
  port: number;
  host: string;
  grpcPort?: number;
  protectInference?: boolean;
  accessLog?: boolean | number;
  fastInference: boolean;
  maxJobMemory: number;
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  drainTimeout: number;
  maxJobs: number;
  maxQueuedJobs: number;
  jobTimeout: number;
  maxRows: number;
  maxTrainRows: number;
  bodyLimit: number;
  trainBodyLimit: number;
  trainCsvLimit: number;
  shutdownTimeout: number;
  logLevel: string;
  threads?: number | 'auto';
  memoryReducer?: boolean;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'serve the models of a registry over HTTP (Open Inference Protocol / KServe v2) and train new versions',
    )
    .option('-m, --models <dir>', 'registry directory: <dir>/<name>/<version>/model.json (default: ./models)')
    .option(
      '--model-dir <dir>',
      "serve one read-only model directory instead (KServe's /mnt/models): <dir>/model.json or <dir>/<version>/model.json",
    )
    .option('--model-name <name>', 'the name of the model in --model-dir (default: $LINWASM_MODEL_NAME)')
    .option('-p, --port <n>', 'HTTP port to listen on (0: any free port)', parse.port, 8080)
    .option('--grpc-port <n>', 'also serve the KServe v2 gRPC API on this port (0: any free port)', parse.port)
    .option(
      '--host <address>',
      "address to listen on ('0.0.0.0' for every interface, e.g. in a container)",
      '127.0.0.1',
    )
    .option('--protect-inference', 'require the token (LINWASM_TOKEN) for inference, metadata and statistics too')
    .option(
      '--access-log [fraction]',
      'log one line per request (or that fraction of them, e.g. 0.01); errors and lifecycle events are always logged',
      parse.fraction,
    )
    .option(
      '--no-fast-inference',
      'route plain JSON inference through fastify like every other request (by default it is answered before routing, with the same results)',
    )
    .option('--max-jobs <n>', 'training jobs running at once, each in a worker thread', parse.positiveInteger, 1)
    .option('--max-queued-jobs <n>', 'training jobs waiting; more are refused with 429', parse.nonNegativeInteger, 8)
    .option(
      '--job-timeout <seconds>',
      'stop and fail a training job after this long (0: no limit)',
      parse.nonNegativeInteger,
      3600,
    )
    .option(
      '--max-job-memory <size>',
      "refuse a training job whose estimated memory (its data, the exact solver's features²) is larger",
      parse.byteSize,
      2 * 1024 ** 3,
    )
    .option('--max-rows <n>', 'rows per inference request', parse.positiveInteger, 100_000)
    .option('--max-train-rows <n>', 'rows per training request', parse.positiveInteger, 1_000_000)
    .option('--body-limit <size>', 'largest request body (e.g. 16mb)', parse.byteSize, 16 * 1024 * 1024)
    .option(
      '--train-body-limit <size>',
      'largest JSON training body (parsed in memory)',
      parse.byteSize,
      128 * 1024 * 1024,
    )
    .option(
      '--train-csv-limit <size>',
      'largest training file upload: CSV, Parquet, Arrow (streamed to a file in the registry directory)',
      parse.byteSize,
      1024 * 1024 * 1024,
    )
    .option(
      '--headers-timeout <seconds>',
      'close a connection that has not sent its headers in time (408)',
      parse.positiveInteger,
      30,
    )
    .option(
      '--request-timeout <seconds>',
      'close a connection that has not sent a whole request, body included, in time (408; 0: no limit)',
      parse.nonNegativeInteger,
      300,
    )
    .option('--keep-alive-timeout <seconds>', 'close a keep-alive connection idle this long', parse.positiveInteger, 72)
    .option(
      '--drain-timeout <ms>',
      'on SIGTERM, how long open connections may send one more request before idle ones are closed',
      parse.nonNegativeInteger,
      500,
    )
    .option(
      '--shutdown-timeout <seconds>',
      'on SIGTERM, how long running jobs may take to finish',
      parse.nonNegativeInteger,
      25,
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent', parse.logLevel, 'info')
    .option(
      '--threads <n>',
      "threads of the inference pool: a count or 'auto' (default: every core; training jobs use one each)",
      parse.threads,
    )
    .option(
      '--memory-reducer',
      "keep V8's memory reducer, which shrinks the heap after a quiet spell but slows the next requests for a while (the server then runs in this process, not in a child without it)",
    )
    .addHelpText(
      'after',
      '\nSet LINWASM_TOKEN to require "Authorization: Bearer <token>" for training and registry changes.\n\n' +
        'Examples:\n  linwasm serve --models ./models --port 8080 --grpc-port 8081\n' +
        '  curl localhost:8080/v2/models/diabetes\n' +
        '  linwasm serve --model-dir /mnt/models --model-name diabetes --host 0.0.0.0   # KServe',
    )
    .action(async (flags: ServeFlags, command: Command) => {
      if (flags.modelDir !== undefined && flags.models !== undefined) {
        command.error('error: --models and --model-dir exclude each other: serve a registry or one model directory');
      }
      if (flags.modelDir !== undefined && !flags.modelName && !process.env.LINWASM_MODEL_NAME) {
        command.error('error: --model-dir needs --model-name (or the LINWASM_MODEL_NAME environment variable)');
      }
      if (flags.protectInference && !process.env.LINWASM_TOKEN) {
        command.error('error: --protect-inference needs a token: set LINWASM_TOKEN');
      }
      // Node already without the reducer (`node --no-memory-reducer`, as in the Docker image and in the child
      // started here) serves in this process.
      if (!flags.memoryReducer && !memoryReducerOff()) {
        // The command line as main() was given it (commander keeps it as rawArgs), after node and the script.
        const argv = (command.parent as { rawArgs?: string[] } | null)?.rawArgs ?? process.argv;
        serveInChildProcess(argv.slice(2));
        return;
      }
      // Loaded here so that the other commands do not pay for fastify and prom-client at start-up.
      const { createServer } = await import('../index.js');
      const server = createServer({
        ...(flags.modelDir === undefined
          ? { models: flags.models ?? './models' }
          : { modelDir: flags.modelDir, modelName: flags.modelName }),
        port: flags.port,
        host: flags.host,
        grpcPort: flags.grpcPort,
        protectInference: flags.protectInference ?? false,
        accessLog: flags.accessLog ?? false,
        fastInference: flags.fastInference,
        ...(flags.threads === undefined ? {} : { threads: flags.threads }),
        logger: { level: flags.logLevel },
        maxJobMemory: flags.maxJobMemory,
        headersTimeout: flags.headersTimeout * 1000,
        requestTimeout: flags.requestTimeout * 1000,
        keepAliveTimeout: flags.keepAliveTimeout * 1000,
        drainTimeout: flags.drainTimeout,
        maxConcurrentJobs: flags.maxJobs,
        maxQueuedJobs: flags.maxQueuedJobs,
        jobTimeout: flags.jobTimeout * 1000,
        maxRows: flags.maxRows,
        maxTrainRows: flags.maxTrainRows,
        bodyLimit: flags.bodyLimit,
        trainBodyLimit: flags.trainBodyLimit,
        trainCsvLimit: flags.trainCsvLimit,
        shutdownTimeout: flags.shutdownTimeout * 1000,
      });
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          server.log.warn({ signal }, 'second signal: exiting without waiting');
          process.exit(1);
        }
        stopping = true;
        server.log.info({ signal }, 'shutting down: draining requests and training jobs');
        server.close().then(
          () => process.exit(0),
          (e) => {
            server.log.error({ err: e }, 'error during shutdown');
            process.exit(1);
          },
        );
      };
      stopOnSignals(stop);
      await server.listen();
    });
}
