// Module dependency parsing and load ordering, on synthetic data.
import { describe, expect, it } from 'vitest';
import { moduleLoadOrder, normalizeModuleName, readModuleDepends } from './kernel-modules.js';

describe('readModuleDepends', () => {
  it('reads the comma-separated depends= string from .modinfo', () => {
    const ko = Buffer.from('\x7fELF...\0license=GPL\0depends=virtio,virtio_ring\0intree=Y\0');
    expect(readModuleDepends(ko)).toEqual(['virtio', 'virtio_ring']);
  });

  it('treats an empty or absent depends= as no dependencies', () => {
    expect(readModuleDepends(Buffer.from('\0depends=\0name=failover\0'))).toEqual([]);
    expect(readModuleDepends(Buffer.from('\0name=failover\0'))).toEqual([]);
  });
});

describe('moduleLoadOrder', () => {
  const deps: Record<string, string[]> = {
    virtio: ['virtio_ring'],
    virtio_ring: [],
    virtio_net: ['virtio_ring', 'virtio', 'net_failover'],
    net_failover: ['failover'],
    failover: [],
  };

  it('puts every dependency before its user, once', () => {
    const order = moduleLoadOrder(['virtio_net', 'virtio'], (n) => deps[n] ?? []);
    expect(order).toEqual(['virtio_ring', 'virtio', 'failover', 'net_failover', 'virtio_net']);
  });

  it('normalizes dashes in requested names', () => {
    expect(normalizeModuleName('virtio-rng')).toBe('virtio_rng');
    expect(moduleLoadOrder(['virtio-rng'], () => [])).toEqual(['virtio_rng']);
  });

  it('reports a cycle instead of looping', () => {
    expect(() => moduleLoadOrder(['a'], (n) => (n === 'a' ? ['b'] : ['a']))).toThrow(/a -> b -> a/);
  });
});
