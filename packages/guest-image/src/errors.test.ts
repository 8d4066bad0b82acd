// The error registry keeps stable codes and names a fix for every entry.
import { describe, expect, it } from 'vitest';
import { imageErrors } from './errors.js';

describe('imageErrors', () => {
  it('prefixes every code and gives every entry a suggestion', () => {
    for (const [key, make] of Object.entries(imageErrors)) {
      const err = make();
      expect(err.code).toBe(`MVM_ERR_${key}`);
      expect(err.suggestion).toBeTruthy();
    }
    expect(Object.keys(imageErrors)).toHaveLength(7);
  });

  it('names the command and the package to install', () => {
    const err = imageErrors.IMAGE_TOOL_MISSING({ command: 'mkfs.ext4', package: 'e2fsprogs' });
    expect(err.message).toBe('mkfs.ext4 not found — apt-get install e2fsprogs');
  });
});
