// Writes Firecracker-shaped HTTP responses: 204 empty, 200 JSON, or `{"fault_message": ...}` with a status.
import type { ServerResponse } from 'node:http';

/** Headers Firecracker's micro_http server sends on every response. */
const BASE_HEADERS = { Server: 'Firecracker API', Connection: 'keep-alive' };

export interface ResponseOptions {
  deprecated?: boolean;
  /** Close the connection after this response (micro_http drops a connection it cannot parse). */
  close?: boolean;
}

function headers(
  options: ResponseOptions,
  extra: Record<string, string | number>,
): Record<string, string | number> {
  return {
    ...BASE_HEADERS,
    ...(options.close ? { Connection: 'close' } : {}),
    ...(options.deprecated ? { Deprecation: 'true' } : {}),
    ...extra,
  };
}

export function sendEmpty(res: ServerResponse, options: ResponseOptions = {}): void {
  res.writeHead(204, headers(options, {}));
  res.end();
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  options: ResponseOptions = {},
): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(
    status,
    headers(options, { 'Content-Type': 'application/json', 'Content-Length': payload.length }),
  );
  res.end(payload);
}

export function sendFault(
  res: ServerResponse,
  status: number,
  message: string,
  options: ResponseOptions = {},
): void {
  sendJson(res, status, { fault_message: message }, options);
}
