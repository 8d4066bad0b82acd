// PUT /snapshot/create and PUT /snapshot/load.
import type { SnapshotCreateParams, SnapshotLoadParams } from '@nqvm/fc-api';
import {
  action,
  decodeBody,
  deserializationError,
  invalidPathMethod,
  parser,
  RequestError,
  requireBody,
} from './parsed-request.js';
import { CreateSnapshotParams, LoadSnapshotConfig } from './schemas.js';

export const MISSING_MEM_FIELD = 'missing field: either `mem_backend` or `mem_file_path` is required';
export const TOO_MANY_MEM_FIELDS =
  'too many fields: either `mem_backend` or `mem_file_path` exclusively is required';

export const parsePutSnapshot = parser((input) => {
  const body = requireBody(input);
  const [operation] = input.params;
  if (operation === undefined) throw new RequestError('Missing snapshot operation type.');
  if (operation === 'create') {
    return action({
      kind: 'CreateSnapshot',
      params: decodeBody<SnapshotCreateParams>(body, CreateSnapshotParams),
    });
  }
  if (operation === 'load') return parseLoad(body);
  throw invalidPathMethod('PUT', `/snapshot/${operation}`);
});

function parseLoad(body: string) {
  const config = decodeBody<SnapshotLoadParams>(body, LoadSnapshotConfig);
  if (config.mem_backend !== undefined && config.mem_file_path !== undefined) {
    throw deserializationError(TOO_MANY_MEM_FIELDS);
  }
  let deprecation = '';
  const params: SnapshotLoadParams = { ...config };
  if (config.mem_file_path !== undefined) {
    deprecation += 'PUT /snapshot/load: mem_file_path field is deprecated.';
    // Firecracker turns the deprecated field into a File backend, so backends see one shape.
    params.mem_backend = { backend_type: 'File', backend_path: config.mem_file_path };
    delete params.mem_file_path;
  }
  if (params.mem_backend === undefined) throw deserializationError(MISSING_MEM_FIELD);
  if (config.enable_diff_snapshots !== undefined) {
    deprecation += 'PUT /snapshot/load: enable_diff_snapshots field is deprecated.';
    params.track_dirty_pages = Boolean(config.enable_diff_snapshots || config.track_dirty_pages);
    delete params.enable_diff_snapshots;
  }
  return action({ kind: 'LoadSnapshot', params }, deprecation || undefined);
}
