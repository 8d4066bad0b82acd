// Where things live on the hosts is for admins only (issue 8): API objects shown to anyone else carry
// the same field names (the spec's shapes) with the host paths replaced, and their error texts scrubbed.
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Absolute host paths (`/srv/images/x`, `/var/lib/nqvm/...`) inside a text; API paths and URLs stay. */
const HOST_PATH = /(^|[\s'"(=:,])\/(?!\/|v1\b|docs\b|health\b|metrics\b)[^\s'"(),:]+/g;
export const scrubPaths = (text: string): string => text.replace(HOST_PATH, '$1<path>');

/**
 * Per field, what a non-admin sees instead. Fields that only ever hold a host path become null (the
 * object's image id, VM id or snapshot id already says what it is); an image's `host_path` is a
 * required string in the spec, so it becomes the image's reference `image:<id>`; free-text errors keep
 * their words with paths replaced by `<path>`.
 */
const HIDDEN = new Set([
  'kernel_path',
  'rootfs_path',
  'initrd_path',
  'path_on_host',
  'api_sock',
  'log_path',
  'snapshot_path',
  'mem_path',
  'mem_file_path',
]);

function redactObject(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (HIDDEN.has(key) && typeof value === 'string') out[key] = null;
    else if (key === 'host_path' && typeof value === 'string')
      out[key] = typeof source.id === 'string' ? `image:${source.id}` : '<path>';
    else if ((key === 'error' || key === 'fault_message') && typeof value === 'string')
      out[key] = scrubPaths(value);
    else out[key] = redactPaths(value);
  }
  return out;
}

/** A copy of an API payload without host paths (never mutates: the payload may be cached). */
export function redactPaths<T>(payload: T): T {
  if (Array.isArray(payload)) return payload.map(redactPaths) as T;
  if (payload === null || typeof payload !== 'object') return payload;
  if (Object.getPrototypeOf(payload) !== Object.prototype) return payload; // streams, buffers, dates
  return redactObject(payload as Record<string, unknown>) as T;
}

/** Admins (and the static admin token) see host paths; everyone else, signed in or not, does not. */
export function mayNotSeePaths(request: FastifyRequest): boolean {
  const p = request.principal;
  if (!p || p.kind === 'anonymous') return true;
  return p.kind === 'user' && p.role !== 'admin';
}

/** The VMM's own log names sockets and files on the host; a guest console is the guest's own text. */
function isVmmLog(request: FastifyRequest): boolean {
  return (
    request.routeOptions.url === '/v1/logs/tail' &&
    (request.query as { kind?: string } | undefined)?.kind === 'vmm'
  );
}

export function registerPathRedaction(app: FastifyInstance): void {
  app.addHook('preSerialization', async (request, _reply, payload) => {
    if (!mayNotSeePaths(request)) return payload;
    const redacted = redactPaths(payload);
    if (isVmmLog(request) && redacted && typeof (redacted as { text?: unknown }).text === 'string') {
      const log = redacted as { text: string };
      return { ...log, text: scrubPaths(log.text) };
    }
    return redacted;
  });
}
