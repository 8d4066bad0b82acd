// A setter's refusal: which resource failed and why, prefixed per caller the way Firecracker prefixes it.
import { VmmActionError } from '../actions.js';

export type ResourceKind =
  | 'balloon'
  | 'boot-source'
  | 'cpu-config'
  | 'drive'
  | 'entropy'
  | 'logger'
  | 'machine-config'
  | 'memory-hotplug'
  | 'metrics'
  | 'mmds-config'
  | 'network'
  | 'pmem'
  | 'serial'
  | 'vsock';

/** Thrown by the resources builder; `detail` is the inner error text (no prefix). */
export class ResourceError extends Error {
  constructor(
    readonly resource: ResourceKind,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ResourceError';
  }
}

/**
 * The API answers with `VmmActionError`'s display ("Drive config error: ..."). "MMMDS" is not our
 * typo: it is what Firecracker v1.16 sends, and clients may match on it.
 */
const API_PREFIX: Record<ResourceKind, string> = {
  balloon: 'Balloon config error',
  'boot-source': 'Boot source error',
  'cpu-config': 'Configure CPU error',
  drive: 'Drive config error',
  entropy: 'Entropy device error',
  logger: 'Logger error',
  'machine-config': 'Machine config error',
  'memory-hotplug': 'Memory hotplug config error',
  metrics: 'Metrics error',
  'mmds-config': 'MMMDS config error',
  network: 'Network config error',
  pmem: 'Pmem device error',
  serial: 'Serial config error',
  vsock: 'Vsock config error',
};

/** `--config-file` failures use `ResourcesError`'s display instead ("Block device error: ..."). */
const CONFIG_FILE_PREFIX: Record<ResourceKind, string> = {
  balloon: 'Balloon device error',
  'boot-source': 'Boot source error',
  'cpu-config': 'File operation error',
  drive: 'Block device error',
  entropy: 'Entropy device error',
  logger: 'Logger error',
  'machine-config': 'VM config error',
  'memory-hotplug': 'Memory hotplug config error',
  metrics: 'Metrics error',
  'mmds-config': 'MMDS config error',
  network: 'Network device error',
  pmem: 'Pmem device error',
  serial: 'Serial config error',
  vsock: 'Vsock device error',
};

export function toActionError(err: ResourceError): VmmActionError {
  return new VmmActionError(`${API_PREFIX[err.resource]}: ${err.detail}`);
}

export function configFileMessage(err: ResourceError): string {
  return `${CONFIG_FILE_PREFIX[err.resource]}: ${err.detail}`;
}

/** Rust's io::Error display for the errors a path check can hit. */
export function osError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const known: Record<string, [string, number]> = {
    ENOENT: ['No such file or directory', 2],
    EACCES: ['Permission denied', 13],
    EISDIR: ['Is a directory', 21],
    ENOTDIR: ['Not a directory', 20],
    EROFS: ['Read-only file system', 30],
    EADDRINUSE: ['Address in use', 98],
    ELOOP: ['Too many levels of symbolic links', 40],
    ENAMETOOLONG: ['File name too long', 36],
  };
  const entry = code === undefined ? undefined : known[code];
  if (entry) return `${entry[0]} (os error ${entry[1]})`;
  return (err as Error).message;
}
