// Runs the host tools the build needs, turning "not installed" and "failed" into coded errors.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { imageErrors } from './errors.js';

/** Which Debian package provides each host tool, for the "apt-get install …" hint. */
const PACKAGE_OF: Record<string, string> = {
  'apt-get': 'apt',
  'apt-cache': 'apt',
  'dpkg-deb': 'dpkg',
  lz4: 'lz4',
  'mkfs.ext4': 'e2fsprogs',
};

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Names the build step in the error if the command fails. */
  readonly step: string;
  readonly cwd?: string;
  /** Return a non-zero exit instead of throwing (the caller judges the result). */
  readonly allowFailure?: boolean;
}

// Enough of a tool's output to explain a failure without holding megabytes.
const KEEP_CHARS = 64 * 1024;

export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, PATH: toolPath() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-KEEP_CHARS);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-KEEP_CHARS);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(imageErrors.IMAGE_TOOL_MISSING({ command, package: PACKAGE_OF[command] ?? command }));
      } else {
        reject(imageErrors.IMAGE_STEP_FAILED({ step: options.step, reason: `${command}: ${err.message}` }));
      }
    });
    child.on('close', (code, signal) => {
      const result = { code: code ?? -1, stdout, stderr };
      if (result.code === 0 || options.allowFailure) return resolve(result);
      const how = signal ? `was killed by ${signal}` : `exited with ${result.code}`;
      reject(
        imageErrors.IMAGE_STEP_FAILED(
          { step: options.step, reason: `${command} ${how}` },
          `$ ${command} ${args.join(' ')}\n${stderr.trim() || stdout.trim()}`.slice(-4000),
        ),
      );
    });
  });
}

/** mkfs.ext4 lives in /usr/sbin, which a non-root PATH often lacks. */
export function toolPath(): string {
  const parts = (process.env.PATH ?? '').split(':').filter(Boolean);
  for (const dir of ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin']) {
    if (!parts.includes(dir)) parts.push(dir);
  }
  return parts.join(':');
}

/** Fails early, before any download, if a host tool is missing. */
export async function requireTools(commands: readonly string[]): Promise<void> {
  const dirs = toolPath().split(':');
  for (const command of commands) {
    let found = false;
    for (const dir of dirs) {
      if (
        await access(join(dir, command), constants.X_OK).then(
          () => true,
          () => false,
        )
      ) {
        found = true;
        break;
      }
    }
    if (!found) throw imageErrors.IMAGE_TOOL_MISSING({ command, package: PACKAGE_OF[command] ?? command });
  }
}
