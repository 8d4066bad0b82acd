// GET/PUT/PATCH /machine-config, including the cpu_template deprecation.
import { describe, expect, it } from 'vitest';
import {
  parseGetMachineConfig,
  parsePatchMachineConfig,
  parsePutMachineConfig,
} from './machine-config.parser.js';

describe('machine-config parsers', () => {
  it('GET maps to GetVmMachineConfig', () => {
    expect(parseGetMachineConfig({ method: 'GET', params: [] })).toEqual({
      ok: true,
      action: { kind: 'GetVmMachineConfig' },
    });
  });

  it('PUT carries the body and flags cpu_template as deprecated', () => {
    expect(
      parsePutMachineConfig({ method: 'PUT', params: [], body: '{"vcpu_count":2,"mem_size_mib":256}' }),
    ).toEqual({
      ok: true,
      action: { kind: 'SetVmConfiguration', config: { vcpu_count: 2, mem_size_mib: 256 } },
    });
    expect(
      parsePutMachineConfig({
        method: 'PUT',
        params: [],
        body: '{"vcpu_count":2,"mem_size_mib":256,"cpu_template":"None"}',
      }),
    ).toEqual({
      ok: true,
      action: {
        kind: 'SetVmConfiguration',
        config: { vcpu_count: 2, mem_size_mib: 256, cpu_template: 'None' },
      },
      deprecation: 'PUT /machine-config: cpu_template field is deprecated.',
    });
  });

  it('PATCH needs at least one field', () => {
    expect(parsePatchMachineConfig({ method: 'PATCH', params: [], body: '{"vcpu_count":4}' })).toEqual({
      ok: true,
      action: { kind: 'UpdateMachineConfiguration', update: { vcpu_count: 4 } },
    });
    expect(parsePatchMachineConfig({ method: 'PATCH', params: [], body: '{}' })).toEqual({
      ok: false,
      status: 400,
      message: 'Empty PATCH request.',
    });
    expect(
      parsePatchMachineConfig({ method: 'PATCH', params: [], body: '{"cpu_template":"T2"}' }),
    ).toMatchObject({
      deprecation: 'PATCH /machine-config: cpu_template field is deprecated.',
    });
  });
});
