// linwasm serve: the model server on its own, with JSON logs on stdout and a graceful shutdown on
// SIGINT/SIGTERM (a second signal exits at once).
import { Command } from 'commander';
import * as parse from './args.js';

interface ServeFlags {
  models: string;
  port: number;
  host: string;
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
}

export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'serve the models of a registry over HTTP (Open Inference Protocol / KServe v2) and train new versions',
    )
    .option('-m, --models <dir>', 'registry directory: <dir>/<name>/<version>/model.json', './models')
    .option('-p, --port <n>', 'port to listen on (0: any free port)', parse.port, 8080)
    .option(
      '--host <address>',
      "address to listen on ('0.0.0.0' for every interface, e.g. in a container)",
      '127.0.0.1',
    )
    .option('--max-jobs <n>', 'training jobs running at once, each in a worker thread', parse.positiveInteger, 1)
    .option('--max-queued-jobs <n>', 'training jobs waiting; more are refused with 429', parse.nonNegativeInteger, 8)
    .option(
      '--job-timeout <seconds>',
      'stop and fail a training job after this long (0: no limit)',
      parse.nonNegativeInteger,
      3600,
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
      'largest CSV training upload (streamed to a file in the registry directory)',
      parse.byteSize,
      1024 * 1024 * 1024,
    )
    .option(
      '--shutdown-timeout <seconds>',
      'on SIGTERM, how long running jobs may take to finish',
      parse.nonNegativeInteger,
      25,
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent', parse.logLevel, 'info')
    .addHelpText(
      'after',
      '\nSet LINWASM_TOKEN to require "Authorization: Bearer <token>" for training and registry changes.\n\n' +
        'Example:\n  linwasm serve --models ./models --port 8080\n' +
        '  curl localhost:8080/v2/models/diabetes',
    )
    .action(async (flags: ServeFlags) => {
      // Loaded here so that the other commands do not pay for fastify and prom-client at start-up.
      const { createServer } = await import('../server/index.js');
      const server = createServer({
        models: flags.models,
        port: flags.port,
        host: flags.host,
        logger: { level: flags.logLevel },
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
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      await server.listen();
    });
}
