// Where the manager is and which token to show it: env, then `nqvm login`'s file, then the local admin token.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createManagerClient, type ManagerClient } from '@nqvm/client';
import { dataDir } from '@nqvm/core';
import { readUserConfig } from './user-config.js';

export const DEFAULT_URL = 'http://127.0.0.1:18080';

export interface Connection {
  url: string;
  token: string | undefined;
  /** Where the token came from, for `nqvm login` and error messages. */
  tokenSource: 'NQVM_TOKEN' | 'NQVM_ADMIN_TOKEN' | 'config' | 'admin-token file' | 'none';
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

export function resolveConnection(env: NodeJS.ProcessEnv = process.env): Connection {
  const config = readUserConfig(env);
  const url = env.NQVM_URL || config.url || DEFAULT_URL;
  if (env.NQVM_TOKEN) return { url, token: env.NQVM_TOKEN, tokenSource: 'NQVM_TOKEN' };
  if (env.NQVM_ADMIN_TOKEN) return { url, token: env.NQVM_ADMIN_TOKEN, tokenSource: 'NQVM_ADMIN_TOKEN' };
  // A stored token belongs to the stored URL: never send it to a manager NQVM_URL points elsewhere.
  if (config.token && (!config.url || sameUrl(config.url, url)))
    return { url, token: config.token, tokenSource: 'config' };
  const file = join(dataDir(env), 'admin-token');
  if (existsSync(file)) {
    try {
      return { url, token: readFileSync(file, 'utf8').trim(), tokenSource: 'admin-token file' };
    } catch {
      // Not readable (another user's data dir): carry on without, the 401 explains.
    }
  }
  return { url, token: undefined, tokenSource: 'none' };
}

export function connect(env: NodeJS.ProcessEnv = process.env): { conn: Connection; api: ManagerClient } {
  const conn = resolveConnection(env);
  return {
    conn,
    api: createManagerClient({ baseUrl: conn.url, ...(conn.token ? { token: conn.token } : {}) }),
  };
}
