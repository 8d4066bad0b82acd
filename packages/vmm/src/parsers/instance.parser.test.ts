// GET / and GET /version.
import { describe, expect, it } from 'vitest';
import { parseGetInstanceInfo, parseGetVersion } from './instance.parser.js';

describe('instance parsers', () => {
  it('map to the info actions', () => {
    expect(parseGetInstanceInfo({ method: 'GET', params: [] })).toEqual({
      ok: true,
      action: { kind: 'GetVmInstanceInfo' },
    });
    expect(parseGetVersion({ method: 'GET', params: [] })).toEqual({
      ok: true,
      action: { kind: 'GetVmmVersion' },
    });
  });
});
