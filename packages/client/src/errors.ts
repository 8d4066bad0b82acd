// ManagerApiError, and how any failed answer becomes one: the manager's JSON body, or a proxy's text/HTML page.
import type { ErrorResponse } from './types.js';

/** A non-2xx answer (or an answer that isn't JSON), carrying the manager's error body and status. */
export class ManagerApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorResponse,
  ) {
    super(`${status} ${body.error}${body.fault_message ? `: ${body.fault_message}` : ''}`);
    this.name = 'ManagerApiError';
  }
  get code(): string | undefined {
    return this.body.code;
  }
  get suggestion(): string | undefined {
    return this.body.suggestion;
  }
}

/** Longest piece of a non-JSON body kept as `fault_message`: enough to recognise a proxy's page. */
const MAX_TEXT = 200;

function isErrorBody(value: unknown): value is ErrorResponse {
  return (
    typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string'
  );
}

/** Parses JSON, or gives the text back when it isn't (an HTML 502 page, a plain-text 413). */
export function parseBody(text: string): { json: true; value: unknown } | { json: false; value: string } {
  if (!text) return { json: true, value: undefined };
  try {
    return { json: true, value: JSON.parse(text) as unknown };
  } catch {
    return { json: false, value: text };
  }
}

/** Tags and runs of whitespace removed, so an HTML error page reads as its text. */
function plainText(text: string): string {
  return text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT);
}

/**
 * The error for a failed answer. The manager's `{error, …}` body is kept as it is; anything else (a
 * reverse proxy's HTML page, a plain-text body, an empty one) still gets an `error` naming the status and
 * the body's text as `fault_message`.
 */
export function errorFromResponse(status: number, statusText: string, text: string): ManagerApiError {
  const parsed = parseBody(text);
  if (parsed.json && isErrorBody(parsed.value)) return new ManagerApiError(status, parsed.value);
  const detail = parsed.json ? undefined : plainText(parsed.value) || undefined;
  return new ManagerApiError(status, {
    error: `Request failed (${status}${statusText ? ` ${statusText}` : ''})`,
    ...(detail ? { fault_message: detail } : {}),
  });
}

/** A 2xx answer that isn't JSON: something between us and the manager answered instead of it. */
export function notJsonError(status: number, text: string): ManagerApiError {
  return new ManagerApiError(status, {
    error: 'The answer was not JSON',
    suggestion: 'Check that the base URL points at the nqvm manager (or its proxy)',
    fault_message: plainText(text) || undefined,
  });
}
