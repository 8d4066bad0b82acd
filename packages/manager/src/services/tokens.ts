// Admin and join tokens: from the environment, else generated once into the data dir (mode 0600).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LoadedToken {
  token: string;
  /** True when this call created the file: the caller prints it once. */
  created: boolean;
  path?: string;
}

export async function loadOrCreateToken(
  dataDir: string,
  file: string,
  fromEnv?: string,
): Promise<LoadedToken> {
  if (fromEnv) return { token: fromEnv, created: false };
  const path = join(dataDir, file);
  try {
    return { token: (await readFile(path, 'utf8')).trim(), created: false, path };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  try {
    // 'wx' so two managers starting together cannot overwrite each other's token.
    await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateToken(dataDir, file);
    throw err;
  }
  return { token, created: true, path };
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const newCredential = (): string => randomBytes(32).toString('base64url');
