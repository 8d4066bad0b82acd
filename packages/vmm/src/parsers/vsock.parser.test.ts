// PUT /vsock, with the vsock_id deprecation.
import { describe, expect, it } from 'vitest';
import { parsePutVsock } from './vsock.parser.js';

describe('parsePutVsock', () => {
  it('parses and flags vsock_id', () => {
    expect(
      parsePutVsock({ method: 'PUT', params: [], body: '{"guest_cid":3,"uds_path":"/v.sock"}' }),
    ).toEqual({
      ok: true,
      action: { kind: 'SetVsockDevice', config: { guest_cid: 3, uds_path: '/v.sock' } },
    });
    expect(
      parsePutVsock({
        method: 'PUT',
        params: [],
        body: '{"vsock_id":"v","guest_cid":3,"uds_path":"/v.sock"}',
      }),
    ).toMatchObject({
      deprecation: 'PUT /vsock: vsock_id field is deprecated.',
    });
  });
});
