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

  it('reads the agent https port and extra certificate names, refusing a port that is not one', () => {
    expect(configFromEnv({ MANAGER_AGENT_TLS: '1', MANAGER_AGENT_TLS_PORT: '9443' })).toMatchObject({
      agentTls: true,
      agentTlsPort: 9443,
    });
    expect(configFromEnv({ MANAGER_TLS_SAN: ' vm.example.test, 10.0.0.5 ,' }).tlsSans).toEqual([
      'vm.example.test',
      '10.0.0.5',
    ]);
    for (const bad of ['-1', '70000', 'https'])
      expect(() => configFromEnv({ MANAGER_AGENT_TLS_PORT: bad })).toThrow(/MANAGER_AGENT_TLS_PORT/);
  });
});
