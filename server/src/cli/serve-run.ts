// The server of `linwasm serve` and its shutdown on a signal, in the process that serves: the child that
// serve-process.ts starts, or the command's own process (--memory-reducer, or Node started with --no-memory-reducer).
import type { ServerOptions } from '../options.js';

export interface Serving {
  /** Starts listening; rejects when the port cannot be bound. */
  listen(): Promise<void>;
  /**
   * The first signal drains requests and training jobs, then exits 0 (1 when closing fails); a second one exits 1
   * at once.
   */
  stop(signal: string): void;
}

export async function prepareServer(options: ServerOptions): Promise<Serving> {
  // Loaded here so that the other commands do not pay for fastify and prom-client at start-up.
  const { createServer } = await import('../index.js');
  const server = createServer(options);
  let stopping = false;
  return {
    listen: async () => {
      await server.listen();
    },
    stop: (signal) => {
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
    },
  };
}
