// Model names and versions become directory names under the registry root, so they are checked
// against a strict pattern before anything touches the disk: no separators, no '.' or '..', no
// leading dot or dash, no control or non-ASCII characters. Versions are positive integers, as in
// KServe and Triton model repositories.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

/** A letter or digit, then up to 127 letters, digits, '.', '_' or '-'. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** A positive integer without leading zeros, below 2³¹. */
export const VERSION_PATTERN = /^[1-9][0-9]{0,9}$/;

export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

export function isValidVersion(version: string): boolean {
  return VERSION_PATTERN.test(version) && Number(version) <= 0x7fffffff;
}

/**
 * A route hook for the routes whose names and versions become paths on disk (training, registry
 * changes): they are checked before anything reads them. Routes that only look a model up in memory
 * need no hook: a lookup that fails checks the name then (Registry.get), so a bad name is still a
 * 400, and a good one costs nothing.
 * @throws HttpError 400 for an invalid name or version.
 */
export function checkParams(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  const params = request.params as { name?: string; version?: string } | undefined;
  if (params?.name !== undefined) checkName(params.name);
  if (params?.version !== undefined) checkVersion(params.version);
  done();
}

/** @throws HttpError 400 for a name that does not match NAME_PATTERN. */
export function checkName(name: string): string {
  if (!isValidName(name)) {
    throw new HttpError(
      400,
      `invalid model name ${JSON.stringify(clip(name))}: use 1 to 128 letters, digits, '.', '_' or '-', ` +
        'starting with a letter or digit',
    );
  }
  return name;
}

/** @throws HttpError 400 for a version that is not a positive integer. */
export function checkVersion(version: string): string {
  if (!isValidVersion(version)) {
    throw new HttpError(400, `invalid model version ${JSON.stringify(clip(version))}: versions are positive integers`);
  }
  return version;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
