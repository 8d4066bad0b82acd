// The MMDS data store: a JSON document replaced by PUT and merged by PATCH (RFC 7396), size-capped.
import { VmmActionError } from './actions.js';

/** Firecracker's default cap for the MMDS store equals the default API payload limit. */
export const DEFAULT_MMDS_SIZE_LIMIT = 51_200;

export class MmdsStore {
  private data: unknown = {};
  private initialized = false;

  constructor(private readonly sizeLimit = DEFAULT_MMDS_SIZE_LIMIT) {}

  /** The whole document, or null before anything was PUT (Firecracker answers `{}` then too). */
  get(): unknown {
    return this.data;
  }

  get isInitialized(): boolean {
    return this.initialized;
  }

  put(value: unknown): void {
    this.checkSize(value);
    this.data = value;
    this.initialized = true;
  }

  patch(patch: unknown): void {
    if (!this.initialized) {
      throw new VmmActionError('The MMDS data store is not initialized.');
    }
    const merged = mergePatch(this.data, patch);
    this.checkSize(merged);
    this.data = merged;
  }

  private checkSize(value: unknown): void {
    if (Buffer.byteLength(JSON.stringify(value)) > this.sizeLimit) {
      throw new VmmActionError(
        `The MMDS patch request doesn't fit. The MMDS data store is limited to ${this.sizeLimit} bytes.`,
        413,
      );
    }
  }
}

/** RFC 7396 JSON merge patch: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
