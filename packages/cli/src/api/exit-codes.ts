// Exit codes scripts can rely on (documented in packages/cli/README.md), and which error gets which.

import { ManagerApiError } from '@nqvm/client';
import { CodedError } from '@nqvm/core';

export const EXIT = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  NOT_FOUND: 3,
  CONFLICT: 4,
  UNAVAILABLE: 5,
} as const;

/** Server 400s that mean "the thing is in the wrong state or already exists", not "bad input". */
const STATE_CODES = new Set([
  'MVM_ERR_VM_WRONG_STATE',
  'MVM_ERR_VM_TRANSITIONING',
  'MVM_ERR_VM_NAME_EXISTS',
  'MVM_ERR_TEMPLATE_NAME_EXISTS',
  'MVM_ERR_DRIVE_EXISTS',
  'MVM_ERR_DRIVE_ROOT',
  'MVM_ERR_NIC_EXISTS',
  'MVM_ERR_NIC_TAP_CONFLICT',
]);

/** Server 400s that mean the request itself was malformed: the caller's usage. */
const USAGE_CODES = new Set([
  'MVM_ERR_VALIDATION',
  'MVM_ERR_INVALID_VM_NAME',
  'MVM_ERR_INVALID_NAME',
  'MVM_ERR_DRIVE_CACHE_TYPE_UNSUPPORTED',
  'MVM_ERR_CLI_USAGE',
  'MVM_ERR_CLI_AMBIGUOUS',
]);

export function exitCodeForStatus(status: number, code: string | undefined): number {
  if (code && USAGE_CODES.has(code)) return EXIT.USAGE;
  if (code && STATE_CODES.has(code)) return EXIT.CONFLICT;
  if (status === 404) return EXIT.NOT_FOUND;
  if (status === 409) return EXIT.CONFLICT;
  if (status === 502 || status === 503 || status === 504) return EXIT.UNAVAILABLE;
  return EXIT.ERROR;
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof ManagerApiError) return exitCodeForStatus(err.status, err.code);
  if (err instanceof CodedError) return exitCodeForStatus(err.status, err.code);
  return EXIT.ERROR;
}
