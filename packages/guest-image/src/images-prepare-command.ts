// `nqvm images prepare`: builds the default guest images; progress on stderr, a table on stdout.
import { parseArgs } from 'node:util';
import { CodedError } from '@nqvm/core';
import type { Manifest } from './manifest.js';
import { prepareImages } from './prepare-images.js';

const USAGE = `Usage: nqvm images prepare [--data-dir DIR] [--force] [--json]

Builds the default guest (Debian 12 cloud kernel, busybox initramfs and ext4 rootfs) from
Debian packages into <data dir>/images and writes manifest.json there. Does nothing if the
images are already current.

  --data-dir DIR  data dir (default: $NQVM_DATA_DIR, /var/lib/nqvm for root, else ~/.local/share/nqvm)
  --force         rebuild even if the images are current
  --json          print the manifest as JSON instead of a table
`;

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs the command with the arguments after `images prepare`; resolves to the exit code. */
export async function imagesPrepareCommand(
  argv: readonly string[],
  io: CommandIo = processIo,
): Promise<number> {
  let values: { 'data-dir'?: string; force?: boolean; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    io.stderr(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    const result = await prepareImages({
      dataDir: values['data-dir'],
      force: values.force,
      onProgress: (line) => io.stderr(`images: ${line}\n`),
    });
    if (!result.built) io.stderr(`images: up to date (${result.manifestPath})\n`);
    io.stdout(
      values.json ? `${JSON.stringify(result.manifest, null, 2)}\n` : formatManifestTable(result.manifest),
    );
    return 0;
  } catch (err) {
    io.stderr(formatError(err));
    return 1;
  }
}

/** KIND, VERSION, SIZE and PATH of each image, aligned for a terminal. */
export function formatManifestTable(manifest: Manifest): string {
  const rows = [
    ['KIND', 'VERSION', 'SIZE', 'PATH'],
    ...manifest.items.map((i) => [i.kind, i.version, formatSize(i.size), i.path]),
  ];
  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  return `${rows.map((r) => r.map((cell, col) => (col < 3 ? cell.padEnd(widths[col] ?? 0) : cell)).join('  ')).join('\n')}\n`;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

function formatError(err: unknown): string {
  if (err instanceof CodedError) {
    const lines = [`error: ${err.message} (${err.code})`];
    if (err.suggestion) lines.push(`  fix: ${err.suggestion}`);
    if (err.detail) lines.push('', err.detail);
    return `${lines.join('\n')}\n`;
  }
  return `error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`;
}
