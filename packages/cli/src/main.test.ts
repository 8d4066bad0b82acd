// The nqvm launcher: usage, unknown commands and exit codes, run as a real subprocess.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const nqvm = fileURLToPath(new URL('../../../bin/nqvm', import.meta.url));
const run = (...args: string[]) => spawnSync(nqvm, args, { encoding: 'utf8', timeout: 60_000 });

describe('bin/nqvm', () => {
  it('lists its commands with --help', () => {
    const res = run('--help');
    expect(res.status).toBe(0);
    for (const command of ['up', 'doctor', 'images'])
      expect(res.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('rejects an unknown command with exit code 2 and the usage', () => {
    const res = run('frobnicate');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("unknown command 'frobnicate'");
    expect(res.stderr).toContain('Usage: nqvm');
  });

  it('rejects an unknown images subcommand', () => {
    const res = run('images', 'explode');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("unknown subcommand 'explode'");
  });
});
