// Turns any failure into one clear line on stderr and an exit code; stack traces only with --debug.
import { ManagerApiError } from '@nqvm/client';
import { CodedError } from '@nqvm/core';
import { cliErrors } from './cli-errors.js';
import { colorsFor } from './colors.js';
import { exitCodeFor } from './exit-codes.js';

/** fetch's "fetch failed" hides the socket error in `cause`; these mean nobody answered. */
function isUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code;
  return (
    (err instanceof TypeError && err.message === 'fetch failed') ||
    [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EHOSTUNREACH',
      'ECONNRESET',
      'ETIMEDOUT',
      'UND_ERR_CONNECT_TIMEOUT',
    ].includes(code ?? '')
  );
}

/** Maps transport failures and 401s onto the CLI's own, more actionable errors. */
export function normalizeError(err: unknown, url: string | undefined): unknown {
  if (url && isUnreachable(err)) return cliErrors.UNREACHABLE({ url });
  if (url && err instanceof ManagerApiError && err.status === 401) return cliErrors.UNAUTHORIZED({ url });
  return err;
}

export function describeError(err: unknown): string {
  if (err instanceof ManagerApiError) {
    const { error, fault_message, suggestion } = err.body;
    return `${error}${fault_message && fault_message !== error ? ` (${fault_message})` : ''}${suggestion ? ` — ${suggestion}` : ''}`;
  }
  if (err instanceof CodedError)
    return `${err.message}${err.detail ? ` (${err.detail})` : ''}${err.suggestion ? ` — ${err.suggestion}` : ''}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

export function reportError(err: unknown, options: { debug?: boolean; url?: string } = {}): number {
  const e = normalizeError(err, options.url);
  const c = colorsFor(process.stderr);
  process.stderr.write(`${c.red('nqvm:')} ${describeError(e)}\n`);
  if (options.debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return exitCodeFor(e);
}
