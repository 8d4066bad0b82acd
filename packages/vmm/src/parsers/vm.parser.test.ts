// PATCH /vm and GET /vm/config.
import { describe, expect, it } from 'vitest';
import { parseGetVmConfig, parsePatchVm } from './vm.parser.js';

describe('vm parsers', () => {
  it('maps the requested state', () => {
    expect(parsePatchVm({ method: 'PATCH', params: [], body: '{"state":"Paused"}' })).toEqual({
      ok: true,
      action: { kind: 'Pause' },
    });
    expect(parsePatchVm({ method: 'PATCH', params: [], body: '{"state":"Resumed"}' })).toEqual({
      ok: true,
      action: { kind: 'Resume' },
    });
    expect(parsePatchVm({ method: 'PATCH', params: [], body: '{"state":"Running"}' })).toMatchObject({
      message: expect.stringContaining('unknown variant `Running`, expected `Paused` or `Resumed`'),
    });
    expect(parseGetVmConfig({ method: 'GET', params: [] })).toEqual({
      ok: true,
      action: { kind: 'GetFullVmConfig' },
    });
  });
});
