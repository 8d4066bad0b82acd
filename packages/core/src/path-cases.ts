// The path traversal and symlink table every package's suite runs: a fixture tree and the hostile paths into it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PathRejection } from './confined-path.js';

/** A root with files, a sibling "outside" directory, and every kind of link between them. */
export function makePathFixture() {
  const base = mkdtempSync(join(tmpdir(), 'nqvm-paths-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'good.img'), 'inside');
  writeFileSync(join(root, 'sub', 'deep.img'), 'inside');
  writeFileSync(join(outside, 'secret.img'), 'outside');
  symlinkSync(join(outside, 'secret.img'), join(root, 'link-out.img'));
  symlinkSync(join(root, 'link-out.img'), join(root, 'link-to-link-out.img'));
  symlinkSync('../outside', join(root, 'dir-link-out'));
  symlinkSync(join(root, 'good.img'), join(root, 'link-in.img'));
  symlinkSync(join(root, 'link-in.img'), join(root, 'link-to-link-in.img'));
  symlinkSync(join(root, 'nowhere'), join(root, 'dangling.img'));
  symlinkSync(join(root, 'loop-b'), join(root, 'loop-a'));
  symlinkSync(join(root, 'loop-a'), join(root, 'loop-b'));
  execFileSync('mkfifo', [join(root, 'fifo.img')]);
  return { base, root, outside, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/** Every hostile shape of a path a request can carry, with the reason it must be refused for. */
export function hostilePaths(root: string, outside: string): Array<[string, string, PathRejection]> {
  return [
    ['dot-dot out of the root', `${root}/../outside/secret.img`, 'dot_segment'],
    ['dot-dot that stays inside', `${root}/sub/../good.img`, 'dot_segment'],
    ['single dot segment', `${root}/./good.img`, 'dot_segment'],
    ['absolute path outside', join(outside, 'secret.img'), 'outside'],
    ['/etc/passwd', '/etc/passwd', 'outside'],
    ['the root itself (a directory)', root, 'not_file'],
    ['a directory inside', join(root, 'sub'), 'not_file'],
    ['a FIFO inside', join(root, 'fifo.img'), 'not_file'],
    ['symlink pointing out', join(root, 'link-out.img'), 'outside'],
    ['symlink to a symlink pointing out', join(root, 'link-to-link-out.img'), 'outside'],
    ['a path through a directory symlink out', join(root, 'dir-link-out', 'secret.img'), 'outside'],
    ['dangling symlink', join(root, 'dangling.img'), 'missing'],
    ['symlink loop', join(root, 'loop-a'), 'missing'],
    ['missing file', join(root, 'nope.img'), 'missing'],
    ['NUL byte', `${root}/good.img\u0000.txt`, 'invalid'],
    ['newline', `${root}/good\n.img`, 'invalid'],
    ['URL-encoded dot-dot', `${root}/%2e%2e/outside/secret.img`, 'encoded'],
    ['URL-encoded upper case', `${root}/%2E%2E%2Foutside`, 'encoded'],
    ['URL-encoded slash', `${root}/sub%2fdeep.img`, 'encoded'],
    ['relative path', 'good.img', 'relative'],
    ['relative dot-dot', '../outside/secret.img', 'relative'],
    ['empty', '', 'invalid'],
    ['very long path', `${root}/${'a'.repeat(5000)}`, 'too_long'],
    ['very long component', `${root}/${'a'.repeat(300)}.img`, 'too_long'],
  ];
}
