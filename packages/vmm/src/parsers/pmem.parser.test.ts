// PUT/PATCH /pmem/{id}.
import { describe, expect, it } from 'vitest';
import { parsePatchPmem, parsePutPmem } from './pmem.parser.js';

describe('pmem parsers', () => {
  it('parse PUT and PATCH with the id check', () => {
    expect(parsePutPmem({ method: 'PUT', params: ['p0'], body: '{"id":"p0","path_on_host":"/p"}' })).toEqual({
      ok: true,
      action: { kind: 'InsertPmemDevice', config: { id: 'p0', path_on_host: '/p' } },
    });
    expect(
      parsePutPmem({ method: 'PUT', params: ['p1'], body: '{"id":"p0","path_on_host":"/p"}' }),
    ).toMatchObject({
      message: 'The id from the path does not match the id from the body!',
    });
    expect(
      parsePatchPmem({ method: 'PATCH', params: ['p0'], body: '{"id":"p0","rate_limiter":{}}' }),
    ).toEqual({
      ok: true,
      action: { kind: 'UpdatePmemDevice', update: { id: 'p0', rate_limiter: {} } },
    });
  });
});
