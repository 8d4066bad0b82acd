// Path traversal and symlink cases against the shared helper: each is refused with its reason, or resolved inside.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkPathSyntax,
  openConfined,
  PathRejectedError,
  resolveConfined,
  resolveInAnyRoot,
} from './confined-path.js';
import { hostilePaths, makePathFixture } from './path-cases.js';

describe('confined paths', () => {
  let fx: ReturnType<typeof makePathFixture>;
  beforeAll(() => {
    fx = makePathFixture();
  });
  afterAll(() => fx?.cleanup());

  it.each([
    ['a plain file', 'good.img', 'good.img'],
    ['a file in a subdirectory', 'sub/deep.img', 'sub/deep.img'],
    ['a symlink that stays inside', 'link-in.img', 'good.img'],
    ['a symlink to a symlink that stays inside', 'link-to-link-in.img', 'good.img'],
  ])('resolves %s to its real path under the root', async (_name, rel, real) => {
    expect(await resolveConfined(join(fx.root, rel), fx.root)).toBe(join(fx.root, real));
  });

  it('cases: every hostile path is refused with its reason', async () => {
    for (const [name, path, reason] of hostilePaths(fx.root, fx.outside)) {
      const err = await resolveConfined(path, fx.root).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(PathRejectedError);
      expect((err as PathRejectedError).reason, name).toBe(reason);
    }
  });

  it('refuses non-strings without touching the file system', () => {
    for (const value of [undefined, null, 42, {}, ['a']]) {
      expect(() => checkPathSyntax(value, fx.root)).toThrow(PathRejectedError);
    }
  });

  it('finds a file in any of several roots, and says missing rather than outside when it is in none', async () => {
    const other = join(fx.base, 'outside');
    expect(await resolveInAnyRoot(join(other, 'secret.img'), [fx.root, other])).toBe(
      join(other, 'secret.img'),
    );
    const err = (await resolveInAnyRoot(join(fx.root, 'nope.img'), [other, fx.root]).catch(
      (e) => e,
    )) as PathRejectedError;
    expect(err.reason).toBe('missing');
  });

  it('opens what it checked, and catches a symlink swapped in after the check', async () => {
    const real = await resolveConfined(join(fx.root, 'sub', 'deep.img'), fx.root);
    const handle = await openConfined(real, fx.root);
    expect((await handle.readFile()).toString()).toBe('inside');
    await handle.close();

    // 1. The file itself becomes a symlink to a file outside: O_NOFOLLOW refuses it.
    const swapped = join(fx.root, 'swap.img');
    writeFileSync(swapped, 'inside');
    const checked = await resolveConfined(swapped, fx.root);
    rmSync(swapped);
    symlinkSync(join(fx.outside, 'secret.img'), swapped);
    expect(((await openConfined(checked, fx.root).catch((e) => e)) as PathRejectedError).reason).toBe(
      'outside',
    );

    // 2. A directory on the way becomes a symlink out: the opened descriptor's real path gives it away.
    mkdirSync(join(fx.root, 'dir'));
    writeFileSync(join(fx.root, 'dir', 'secret.img'), 'inside');
    const inDir = await resolveConfined(join(fx.root, 'dir', 'secret.img'), fx.root);
    rmSync(join(fx.root, 'dir'), { recursive: true });
    symlinkSync(fx.outside, join(fx.root, 'dir'));
    expect(((await openConfined(inDir, fx.root).catch((e) => e)) as PathRejectedError).reason).toBe(
      'outside',
    );
  });
});
