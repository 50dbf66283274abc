// Optional bearer token. By default it guards the routes that change state (training, registry
// changes) while inference, metadata, health and metrics stay open, as in KServe and Triton
// deployments where a gateway or network policy guards them; `protectInference` extends it to
// inference, metadata and statistics over REST and gRPC. Tokens are compared in constant time (of
// their SHA-256 digests, which have equal lengths whatever the client sends).
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-error.js';

/** Checks an Authorization header value (or gRPC `authorization` metadata). @throws HttpError 401 */
export type TokenCheck = (authorization: string | undefined) => void;

/** A token check, or null when there is no token. */
export function bearerAuth(token: string | undefined): TokenCheck | null {
  if (!token) return null;
  const expected = digest(token);
  return (header) => {
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new HttpError(401, 'this route requires a bearer token: send Authorization: Bearer <LINWASM_TOKEN>', {
        'www-authenticate': 'Bearer realm="linwasm"',
      });
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      throw new HttpError(401, 'invalid bearer token', {
        'www-authenticate': 'Bearer realm="linwasm", error="invalid_token"',
      });
    }
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
