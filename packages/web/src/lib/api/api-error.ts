// The one error type every API call throws: the server's {error, suggestion, fault_message} plus the status.
import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly suggestion?: string;
  readonly faultMessage?: string;
  readonly code?: string;

  constructor(status: number, body: ApiErrorBody) {
    super(body.error);
    this.name = 'ApiError';
    this.status = status;
    this.suggestion = body.suggestion;
    this.faultMessage = body.fault_message;
    this.code = body.code;
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string'
  );
}

/** Builds an ApiError from any failed response body, even one that isn't the spec's shape (a proxy page). */
export function toApiError(status: number, body: unknown, statusText = ''): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body);
  const text = typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : undefined;
  return new ApiError(status, {
    error: `Request failed (${status}${statusText ? ` ${statusText}` : ''})`,
    fault_message: text,
  });
}

/** Network failures (no proxy, browser offline) become ApiErrors too, so one toast path shows them. */
export function networkError(err: unknown): ApiError {
  return new ApiError(0, {
    error: 'Cannot reach the web server',
    suggestion: 'Check that the nqvm web app is running and your network is up',
    fault_message: err instanceof Error ? err.message : String(err),
  });
}
