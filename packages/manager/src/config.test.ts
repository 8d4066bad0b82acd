// configFromEnv: the documented variables that need parsing, and their refusals.
import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

describe('configFromEnv', () => {
  it('reads MANAGER_VCPU_OVERCOMMIT and refuses what is not a positive number', () => {
    expect(configFromEnv({ MANAGER_VCPU_OVERCOMMIT: '16' }).vcpuOvercommit).toBe(16);
    expect(configFromEnv({}).vcpuOvercommit).toBeUndefined();
    for (const bad of ['0', '-2', 'lots'])
      expect(() => configFromEnv({ MANAGER_VCPU_OVERCOMMIT: bad })).toThrow(/MANAGER_VCPU_OVERCOMMIT/);
  });
});
