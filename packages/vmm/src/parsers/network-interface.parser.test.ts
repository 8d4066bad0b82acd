// PUT/PATCH /network-interfaces/{id}.
import { describe, expect, it } from 'vitest';
import { parsePatchNetworkInterface, parsePutNetworkInterface } from './network-interface.parser.js';

describe('network interface parsers', () => {
  it('parses PUT and words the id mismatch with both ids', () => {
    const body = '{"iface_id":"eth0","host_dev_name":"tap0","guest_mac":"06:00:AC:10:00:02"}';
    expect(parsePutNetworkInterface({ method: 'PUT', params: ['eth0'], body })).toEqual({
      ok: true,
      action: {
        kind: 'InsertNetworkDevice',
        config: { iface_id: 'eth0', host_dev_name: 'tap0', guest_mac: '06:00:AC:10:00:02' },
      },
    });
    expect(parsePutNetworkInterface({ method: 'PUT', params: ['eth1'], body })).toMatchObject({
      message: 'The id from the path [eth1] does not match the id from the body [eth0]!',
    });
  });

  it('refuses a malformed MAC and parses PATCH', () => {
    expect(
      parsePutNetworkInterface({
        method: 'PUT',
        params: ['eth0'],
        body: '{"iface_id":"eth0","host_dev_name":"t","guest_mac":"zz"}',
      }),
    ).toMatchObject({ message: expect.stringContaining('Invalid MAC address: zz') });
    expect(
      parsePatchNetworkInterface({ method: 'PATCH', params: ['eth0'], body: '{"iface_id":"eth0"}' }),
    ).toEqual({
      ok: true,
      action: { kind: 'UpdateNetworkInterface', update: { iface_id: 'eth0' } },
    });
  });
});
