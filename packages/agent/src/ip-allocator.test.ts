// Guest addressing: deterministic, never shared, persisted, released; derived TAP names and MACs.

import { join } from 'node:path';
import { type TempDir, tempDir } from '@nqvm/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allocateAddress, leaseKey } from './ip-allocator.js';
import { createIpLeaseStore } from './ip-lease-store.js';
import { deriveMac, tapName } from './nic-identity.js';
import { parseSubnet } from './subnet.js';

describe('subnet', () => {
  it('puts the bridge at .1 and guests between .2 and broadcast-1', () => {
    const s = parseSubnet('172.31.0.77/24');
    expect(s).toMatchObject({ cidr: '172.31.0.0/24', bridgeIp: '172.31.0.1', netmask: '255.255.255.0' });
    expect([s.firstGuest, s.lastGuest]).toEqual([2, 254]);
    expect(() => parseSubnet('10.0.0.0')).toThrow(/CIDR/);
    expect(() => parseSubnet('10.0.0.0/31')).toThrow(/prefix/);
  });
});

describe('allocateAddress', () => {
  const subnet = parseSubnet('10.9.0.0/29'); // guests .2 .. .6
  it('is deterministic for a key and never hands out a taken address', () => {
    const a = allocateAddress(subnet, {}, leaseKey('vm1', 'eth0'));
    expect(allocateAddress(subnet, {}, leaseKey('vm1', 'eth0'))).toBe(a);
    const leases: Record<string, string> = {};
    for (let i = 0; i < 5; i++) leases[`vm${i}/eth0`] = allocateAddress(subnet, leases, `vm${i}/eth0`);
    expect(new Set(Object.values(leases)).size).toBe(5);
    for (const ip of Object.values(leases)) expect(ip).toMatch(/^10\.9\.0\.[2-6]$/);
    expect(() => allocateAddress(subnet, leases, 'vm9/eth0')).toThrow(/No free guest address/);
    expect(allocateAddress(subnet, leases, 'vm3/eth0')).toBe(leases['vm3/eth0']);
  });
});

describe('ip lease store', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(() => dir.cleanup());

  it('persists leases, serialises concurrent allocations and releases per VM', async () => {
    const file = join(dir.path, 'leases.json');
    const store = createIpLeaseStore(file, parseSubnet('10.9.0.0/24'));
    const ips = await Promise.all(Array.from({ length: 20 }, (_, i) => store.allocate(`vm${i}`, 'eth0')));
    expect(new Set(ips).size).toBe(20);
    const reopened = createIpLeaseStore(file, parseSubnet('10.9.0.0/24'));
    expect(await reopened.allocate('vm3', 'eth0')).toBe(ips[3]);
    await reopened.allocate('vm3', 'eth1');
    await reopened.release('vm3');
    const left = await reopened.all();
    expect(Object.keys(left)).not.toContain('vm3/eth0');
    expect(Object.keys(left)).not.toContain('vm3/eth1');
    expect(Object.keys(left)).toHaveLength(19);
  });
});

describe('NIC identity', () => {
  it('derives stable, valid TAP names and locally administered MACs', () => {
    expect(tapName('vm1', 'eth0')).toBe(tapName('vm1', 'eth0'));
    expect(tapName('vm1', 'eth0')).not.toBe(tapName('vm1', 'eth1'));
    expect(tapName('a'.repeat(64), 'eth0').length).toBeLessThanOrEqual(15);
    expect(deriveMac('vm1', 'eth0')).toMatch(/^06(:[0-9a-f]{2}){5}$/);
    expect(deriveMac('vm1', 'eth0')).not.toBe(deriveMac('vm2', 'eth0'));
  });
});
