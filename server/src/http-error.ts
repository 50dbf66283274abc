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
