// The HTTP server under fastify, and how it lets go of its connections. Node's defaults leave a
// connection that never finishes its headers open for up to 90 s (60 s headersTimeout, checked every
// 30 s) and, on close, destroy idle keep-alive connections at once — a client that was just sending
// its next request on one sees a reset. Here the timeouts are the server's options, checked every
// second, and a shutdown first stops accepting connections, then gives each open one `drainTimeout`
// to send one more request (answered with `Connection: close`, so the connection ends after it);
// only connections that stayed idle that whole time are closed, as a keep-alive timeout would.
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

export interface ConnectionTimeouts {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
}

/** A handler that may answer a request before fastify sees it (fast-inference.ts); set once the server is built. */
export interface FirstHandler {
  take: ((req: IncomingMessage, res: ServerResponse) => boolean) | null;
}

/**
 * fastify's serverFactory: a Node HTTP server with these timeouts, whose requests go to `first.take`
 * (when set) and then, unless it took them, to fastify.
 */
export function httpServerFactory(t: ConnectionTimeouts, first: FirstHandler) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server =>
    createServer(
      {
        headersTimeout: t.headersTimeout,
        requestTimeout: t.requestTimeout,
        keepAliveTimeout: t.keepAliveTimeout,
        // How often Node looks for connections past headersTimeout / requestTimeout (default 30 s).
        connectionsCheckingInterval: 1000,
      },
      (req, res) => {
        const take = first.take;
        if (take === null || !take(req, res)) handler(req, res);
      },
    );
}

/**
 * Answers a connection's protocol error — a malformed request, headers too large, a request not
 * received in time — in the server's error form, then closes the connection.
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let message = `malformed HTTP request (${err.code ?? err.message})`;
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    message = 'the request was not received in time (headersTimeout / requestTimeout)';
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    message = 'the request headers are larger than the limit of 16 KiB';
  } else if (err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') {
    status = 413;
    message = 'the chunk extensions of the request body are larger than the limit';
  }
  if (socket.writable) {
    const body = JSON.stringify({ error: message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  } else {
    socket.destroy();
  }
}

/**
 * Stops accepting connections, then gives the open ones `timeoutMs` to send one more request. Every
 * answer from now on is marked `Connection: close`, so a connection that sends one ends after it; a
 * connection still idle after `timeoutMs` has sent nothing since the drain began, and is closed.
 * Requests still running go on: the server's own close waits for them.
 */
export async function drainConnections(server: Server, timeoutMs: number): Promise<void> {
  // Node counts a connection's requests only while a limit is set, so from now on each connection's
  // next answer reaches the limit of one and says `Connection: close` (at no cost to requests before).
  server.maxRequestsPerSocket = 1;
  if (server.listening) {
    // net.Server's close stops listening only; http.Server's would also destroy idle connections now.
    NetServer.prototype.close.call(server);
  }
  const deadline = performance.now() + timeoutMs;
  while ((await openConnections(server)) > 0 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, Math.min(20, timeoutMs)));
  }
  server.closeIdleConnections();
}

function openConnections(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((err, n) => resolve(err ? 0 : n)));
}
