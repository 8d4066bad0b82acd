// The cpio writer produces archives that GNU cpio reads back with the same names, types and bytes.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCpio } from './cpio.js';

describe('buildCpio', () => {
  const archive = buildCpio([
    { type: 'dir', path: '/bin' },
    { type: 'file', path: '/bin/hello', data: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
    { type: 'symlink', path: 'sh', target: 'bin/hello' },
    { type: 'char', path: 'console', major: 5, minor: 1 },
  ]);

  it('aligns every record to 4 bytes and ends with the trailer', () => {
    expect(archive.length % 4).toBe(0);
    expect(archive.subarray(0, 6).toString()).toBe('070701');
    expect(archive.includes(Buffer.from('TRAILER!!!\0'))).toBe(true);
  });

  it('is read back by cpio with types, modes and device numbers', () => {
    const listing = execFileSync('cpio', ['-itv', '--quiet'], { input: archive }).toString();
    expect(listing).toMatch(/^drwxr-xr-x .* root +root .* bin$/m);
    expect(listing).toMatch(/^-rwxr-xr-x .* 18 .* bin\/hello$/m);
    expect(listing).toMatch(/^lrwxrwxrwx .* sh -> bin\/hello$/m);
    expect(listing).toMatch(/^crw------- .* 5, +1 .* console$/m);
  });

  it('is byte-for-byte reproducible', () => {
    const again = buildCpio([{ type: 'dir', path: '/bin' }]);
    expect(buildCpio([{ type: 'dir', path: '/bin' }]).equals(again)).toBe(true);
  });
});
