// PUT /serial.
import { describe, expect, it } from 'vitest';
import { parsePutSerial } from './serial.parser.js';

describe('parsePutSerial', () => {
  it('carries the output path', () => {
    expect(parsePutSerial({ method: 'PUT', params: [], body: '{"serial_out_path":"/s"}' })).toEqual({
      ok: true,
      action: { kind: 'ConfigureSerial', config: { serial_out_path: '/s' } },
    });
  });
});
