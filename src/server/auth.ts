// Optional bearer token for the routes that change state (training, registry changes). Inference,
// metadata, health and metrics stay open, as in KServe and Triton deployments where a gateway or
// network policy guards them. Tokens are compared in constant time (of their SHA-256 digests, which
// have equal lengths whatever the client sends).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

/** An onRequest hook that requires `Authorization: Bearer <token>`, or null when there is no token. */
export function bearerAuth(token: string | undefined): ((request: FastifyRequest) => Promise<void>) | null {
  if (!token) return null;
  const expected = digest(token);
  return async (request) => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new HttpError(401, 'this route requires a bearer token: send Authorization: Bearer <LINWASM_TOKEN>', {
        'www-authenticate': 'Bearer realm="linwasm"',
      });
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      request.log.warn({ route: request.routeOptions.url }, 'rejected a request with a wrong bearer token');
      throw new HttpError(401, 'invalid bearer token', {
        'www-authenticate': 'Bearer realm="linwasm", error="invalid_token"',
      });
    }
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
