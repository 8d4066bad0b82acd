// The user's stored connection (`nqvm login`): ~/.config/nqvm/config.json, mode 0600 since it holds a token.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface UserConfig {
  url?: string;
  token?: string;
}

export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'nqvm', 'config.json');
}

export function readUserConfig(env: NodeJS.ProcessEnv = process.env): UserConfig {
  const path = userConfigPath(env);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as UserConfig;
  } catch {
    // A hand-broken file should not lock the user out of every command; login rewrites it.
    return {};
  }
}

export function writeUserConfig(config: UserConfig, env: NodeJS.ProcessEnv = process.env): string {
  const path = userConfigPath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync's mode applies only on creation; an older, looser file gets tightened too.
  chmodSync(path, 0o600);
  return path;
}
