// What a resource parser returns: one action (plus an optional deprecation notice) or a request error.
import type { VmmAction } from '../actions.js';
import { decodeJson, type Schema, SerdeJsonError } from './serde-json.js';

export type HttpMethod = 'GET' | 'PUT' | 'PATCH' | 'DELETE';

/** Everything a parser may look at: no state, no I/O. */
export interface ParserInput {
  method: HttpMethod;
  /** Path segments after the resource name (`/drives/root` gives `['root']`). */
  params: readonly string[];
  /** The raw body; undefined when the request had none (Firecracker treats length 0 as none). */
  body?: string;
}

/** DELETE on a device: Firecracker's hot-unplug, which is not a member of the action union. */
export interface HotUnplugRequest {
  device: 'drive' | 'pmem' | 'network-interface';
  id: string;
}

export type ParseOutcome =
  | { ok: true; action: VmmAction; deprecation?: string }
  | { ok: true; hotUnplug: HotUnplugRequest }
  | { ok: false; status: number; message: string };

export type Parser = (input: ParserInput) => ParseOutcome;

/** A request the API layer refuses before any action exists (Firecracker's `RequestError`). */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Turns a throwing parser body into a pure function returning a ParseOutcome. */
export function parser(body: (input: ParserInput) => Exclude<ParseOutcome, { ok: false }>): Parser {
  return (input) => {
    try {
      return body(input);
    } catch (err) {
      if (err instanceof RequestError) return { ok: false, status: err.status, message: err.message };
      throw err;
    }
  };
}

export const action = (a: VmmAction, deprecation?: string): ParseOutcome & { ok: true } =>
  deprecation === undefined ? { ok: true, action: a } : { ok: true, action: a, deprecation };

/** Firecracker's `method_to_error`, used when a body is missing (or present on GET). */
export function methodError(method: HttpMethod): RequestError {
  switch (method) {
    case 'GET':
      return new RequestError('GET request cannot have a body.');
    case 'PUT':
      return new RequestError('Empty PUT request.');
    case 'PATCH':
      return new RequestError('Empty PATCH request.');
    case 'DELETE':
      return new RequestError('Empty Delete request.');
  }
}

export function invalidPathMethod(method: HttpMethod, path: string): RequestError {
  return new RequestError(`Invalid request method and/or path: ${method} ${path}.`);
}

/** The body, or Firecracker's "Empty PUT request." when there is none. */
export function requireBody(input: ParserInput): string {
  if (input.body === undefined) throw methodError(input.method);
  return input.body;
}

/** Decodes a body; a serde failure becomes Firecracker's deserialization fault message. */
export function decodeBody<T>(body: string, schema: Schema): T {
  try {
    return decodeJson<T>(body, schema);
  } catch (err) {
    if (err instanceof SerdeJsonError) throw deserializationError(err.message);
    throw err;
  }
}

export function deserializationError(serdeMessage: string): RequestError {
  return new RequestError(
    `An error occurred when deserializing the json body of a request: ${serdeMessage}.`,
  );
}

const ID_RE = /^[\p{Alphabetic}\p{N}_]+$/u;

/** Firecracker's `checked_id`: a path id must be non-empty, alphanumeric or underscore. */
export function checkedId(id: string | undefined): string {
  if (id === undefined || id === '') throw new RequestError('The ID cannot be empty.');
  if (!ID_RE.test(id)) {
    throw new RequestError('API Resource IDs can only contain alphanumeric characters and underscores.');
  }
  return id;
}
