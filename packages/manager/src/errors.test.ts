// The registry stays consistent: codes are prefixed keys, statuses are HTTP errors, the README lists each.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_SPECS, errors } from './errors.js';

describe('error registry', () => {
  const keys = Object.keys(ERROR_SPECS) as Array<keyof typeof ERROR_SPECS>;

  it('builds an MVM_ERR_<KEY> error with the spec status and a suggestion for every entry', () => {
    for (const key of keys) {
      const err = errors[key]();
      expect(err.code).toBe(`MVM_ERR_${key}`);
      expect(err.status).toBe(ERROR_SPECS[key].status);
      expect(err.status).toBeGreaterThanOrEqual(400);
      expect(err.suggestion).toBeTruthy();
    }
  });

  it('is documented: the README names every code', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const key of keys) expect(readme).toContain(`MVM_ERR_${key}`);
  });
});
