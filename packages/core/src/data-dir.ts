// Where nqvm keeps its state on a host: one data dir, overridable by NQVM_DATA_DIR.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The data dir: `$NQVM_DATA_DIR` if set, else `/var/lib/nqvm` for root (a host daemon's
 * usual home), else `$XDG_DATA_HOME/nqvm` (default `~/.local/share/nqvm`).
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NQVM_DATA_DIR) return resolve(env.NQVM_DATA_DIR);
  if (process.getuid?.() === 0) return '/var/lib/nqvm';
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'nqvm');
}

/** Guest images (kernel, initrd, rootfs) and their manifest live here. */
export function imagesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'images');
}
