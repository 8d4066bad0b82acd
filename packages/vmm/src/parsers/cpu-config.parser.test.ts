// PUT /cpu-config.
import { describe, expect, it } from 'vitest';
import { parsePutCpuConfig } from './cpu-config.parser.js';

describe('parsePutCpuConfig', () => {
  it('carries the template and refuses unknown keys', () => {
    expect(parsePutCpuConfig({ method: 'PUT', params: [], body: '{"kvm_capabilities":["!56"]}' })).toEqual({
      ok: true,
      action: { kind: 'PutCpuConfiguration', config: { kvm_capabilities: ['!56'] } },
    });
    expect(parsePutCpuConfig({ method: 'PUT', params: [], body: '{"foo":false}' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('unknown field `foo`'),
    });
  });
});
