// Turns a persisted VM record into the contract's AgentVm (absolute paths, no internal fields).
import { join } from 'node:path';
import type { AgentVm } from '@nqvm/core';
import type { VmPaths } from './vm-paths.js';
import type { VmRecord } from './vm-types.js';

export function toAgentVm(record: VmRecord, paths: VmPaths): AgentVm {
  return {
    id: record.id,
    state: record.state,
    ...(record.pid !== undefined ? { pid: record.pid } : {}),
    config: record.spec,
    nics: record.nics,
    drives: record.drives.map((d) => ({ ...d, path_on_host: join(paths.dir, d.path) })),
    console_log: paths.consoleLog,
    api_sock: paths.apiSock,
    ...(record.error ? { error: record.error } : {}),
    ...(record.started_at ? { started_at: record.started_at } : {}),
  };
}

/** Key-order-independent JSON, so "the same spec" means the same content. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
