// /mmds data and /mmds/config.
import { describe, expect, it } from 'vitest';
import { parseGetMmds, parsePatchMmds, parsePutMmds } from './mmds.parser.js';

describe('mmds parsers', () => {
  it('carries any JSON as MMDS data', () => {
    expect(parseGetMmds({ method: 'GET', params: [] })).toEqual({ ok: true, action: { kind: 'GetMmds' } });
    expect(parsePutMmds({ method: 'PUT', params: [], body: '{"latest":{"a":1}}' })).toEqual({
      ok: true,
      action: { kind: 'PutMmds', data: { latest: { a: 1 } } },
    });
    expect(parsePatchMmds({ method: 'PATCH', params: [], body: '{"a":null}' })).toEqual({
      ok: true,
      action: { kind: 'PatchMmds', data: { a: null } },
    });
    expect(parsePutMmds({ method: 'PUT', params: [], body: 'nope' })).toMatchObject({
      message:
        'An error occurred when deserializing the json body of a request: expected ident at line 1 column 2.',
    });
  });

  it('parses /mmds/config and flags V1 as deprecated', () => {
    expect(
      parsePutMmds({
        method: 'PUT',
        params: ['config'],
        body: '{"version":"V2","network_interfaces":["eth0"]}',
      }),
    ).toEqual({
      ok: true,
      action: { kind: 'SetMmdsConfiguration', config: { version: 'V2', network_interfaces: ['eth0'] } },
    });
    expect(
      parsePutMmds({ method: 'PUT', params: ['config'], body: '{"network_interfaces":["eth0"]}' }),
    ).toMatchObject({
      deprecation: 'PUT /mmds/config: V1 is deprecated. Use V2 instead.',
    });
    expect(
      parsePutMmds({ method: 'PUT', params: ['config'], body: '{"version":"foo","network_interfaces":[]}' }),
    ).toMatchObject({
      message: expect.stringContaining('unknown variant `foo`, expected `V1` or `V2`'),
    });
    expect(parsePutMmds({ method: 'PUT', params: ['other'], body: '{}' })).toMatchObject({
      message: 'Unrecognized PUT request path `other`.',
    });
  });
});
