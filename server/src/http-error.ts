// An error that carries its HTTP status. The server's error handler sends every error in the Open
// Inference Protocol's form, { "error": message }, with this status (500 for anything else).

export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly statusCode: number,
    message: string,
    /** Extra response headers (WWW-Authenticate, Allow, …). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** What an error is answered with: its status and headers, and `{ error }`, in every path that answers. */
export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: { error: string };
}

/**
 * The answer to an error: its own status (fastify's errors carry one too), or 500 for anything
 * unexpected, whose message is logged rather than shown to clients.
 */
export function errorAnswer(error: Error): ErrorAnswer {
  const own = (error as { statusCode?: unknown }).statusCode;
  const status = typeof own === 'number' && own >= 400 && own < 600 ? own : 500;
  return {
    status,
    headers: error instanceof HttpError ? error.headers : {},
    body: { error: status >= 500 && !(error instanceof HttpError) ? 'internal error' : error.message },
  };
}
