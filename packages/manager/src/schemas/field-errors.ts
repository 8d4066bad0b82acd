// Which registry error a request field that failed its schema answers with: a bad name names its resource, a refused cache_type says what to use.
import type { CodedError } from '@nqvm/core';
import { errors } from '../errors.js';
import { DRIVE_CACHE_TYPE_TITLE } from './device.schema.js';
import { vmName } from './name.schema.js';

interface FieldSchema {
  readonly title?: unknown;
  readonly description?: unknown;
  readonly properties?: Record<string, FieldSchema>;
}

/** One failed check, as Ajv reports it. */
export interface ValidationIssue {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** JSON pointer segments (`/a/b~1c` → `a`, `b/c`). */
function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The schema of the field a pointer names inside a route's body/querystring/params schema. */
function fieldSchema(root: unknown, pointer: string): FieldSchema | undefined {
  let node = root as FieldSchema | undefined;
  for (const key of segments(pointer)) node = node?.properties?.[key];
  return node;
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const key of segments(pointer)) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/**
 * The specific error for the first issue on a field whose schema has one, else undefined (the
 * caller answers the generic VALIDATION). `schema` is the route's schema for the validated part
 * of the request (body, querystring, params) and `data` that part as received.
 */
export function fieldError(
  issues: readonly ValidationIssue[],
  schema: unknown,
  data: unknown,
  detail: string,
): CodedError | undefined {
  for (const issue of issues) {
    if (!issue.instancePath) continue;
    const field = fieldSchema(schema, issue.instancePath);
    if (typeof field?.title !== 'string') continue;
    if (field.title === vmName.title) return errors.INVALID_VM_NAME({}, detail);
    if (field.title === DRIVE_CACHE_TYPE_TITLE) {
      return errors.DRIVE_CACHE_TYPE_UNSUPPORTED(
        { value: String(valueAt(data, issue.instancePath)) },
        detail,
      );
    }
    if (field.title.endsWith(' name') && typeof field.description === 'string') {
      return errors.INVALID_NAME({ what: field.title.toLowerCase(), rule: field.description }, detail);
    }
  }
  return undefined;
}
