// Guests on a TAP inside a test-made netns: MMDS (V1 and V2) answers the guest on plain frames.
import { afterEach, describe, expect, it } from 'vitest';
import { bootOnNetns, cleanupNet, guestNicHasOffloads, type NetCleanup } from './net-test.test-support.js';

describe('MMDS from the guest', () => {
  const made: NetCleanup = {};
  afterEach(() => cleanupNet(made));

  it('serves MMDS V2 to the guest at 169.254.169.254 and lets other traffic through', async () => {
    const { ns, g } = await bootOnNetns(made, 'mmds', (r) => {
      r.mmdsConfig = { version: 'V2', network_interfaces: ['eth0'] };
    });
    // 1. fc-vmm parses this NIC's frames itself, so it runs without a vnet header (no offloads).
    expect(await guestNicHasOffloads(g)).toBe(false);
    g.ctx.mmds.put({ latest: { 'meta-data': { 'instance-id': 'i-fcvmm' } } });
    // 2. The default guest's init already routes 169.254.169.254 onto eth0 (link scope: ARP goes
    //    to MMDS). busybox wget cannot PUT, so the token request is written by hand through nc.
    const put = await g.console.check(
      "printf 'PUT /latest/api/token HTTP/1.0\\r\\nX-metadata-token-ttl-seconds: 60\\r\\n\\r\\n' | nc 169.254.169.254 80 | tail -n 1",
    );
    expect(put.length).toBeGreaterThan(20);
    const got = await g.console.check(
      `wget -q -O - --header 'X-metadata-token: ${put.trim()}' http://169.254.169.254/latest/meta-data/instance-id`,
    );
    expect(got).toBe('i-fcvmm');
    // 3. Other traffic still reaches the namespace through the relay.
    const ping = await ns.exec('ping', ['-c', '1', '-W', '5', ns.address(2)]);
    expect(ping.code).toBe(0);
  });

  it('serves MMDS V1 without a token: values, IMDS listings and JSON', async () => {
    const { g } = await bootOnNetns(made, 'mmds-v1', (r) => {
      r.mmdsConfig = { version: 'V1', network_interfaces: ['eth0'] };
    });
    g.ctx.mmds.put({ latest: { 'meta-data': { 'instance-id': 'i-v1', tags: { role: 'web' } } } });
    const url = 'http://169.254.169.254/latest/meta-data';
    // 1. A plain GET, no session token: V1 answers it.
    expect(await g.console.check(`wget -q -O - ${url}/instance-id`)).toBe('i-v1');
    // 2. Directories list their keys, sorted, with `/` after objects (IMDS format).
    expect(await g.console.check(`wget -q -O - ${url}/`)).toBe('instance-id\ntags/');
    // 3. Accept: application/json returns the subtree as JSON.
    const json = await g.console.check(`wget -q -O - --header 'Accept: application/json' ${url}/tags`);
    expect(JSON.parse(json)).toEqual({ role: 'web' });
    // 4. A missing key is a 404 (busybox wget exits non-zero and prints the status).
    expect(await g.console.check(`wget -q -O - ${url}/nope 2>&1; echo rc=$?`)).toContain('404');
  });
});
