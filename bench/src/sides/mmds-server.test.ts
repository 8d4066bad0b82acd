// mmdsLeaf: what the plain QEMU guests' MMDS answers for a path, as fc-vmm's does for text clients.
import { describe, expect, it } from 'vitest';
import { mmdsLeaf } from './mmds-server.js';

describe('mmdsLeaf', () => {
  const metadata = {
    nqvm: { identity: { generation: 'vm.1', nics: 'eth0 aa:fc:00:00:00:01 10.0.0.2 24 10.0.0.1' } },
  };

  it('answers text leaves by path and nothing for a missing one', () => {
    expect(mmdsLeaf(metadata, '/nqvm/identity/generation')).toBe('vm.1');
    expect(mmdsLeaf(metadata, '/nqvm/identity/nics')).toBe('eth0 aa:fc:00:00:00:01 10.0.0.2 24 10.0.0.1');
    expect(mmdsLeaf(metadata, '/nqvm/identity/nope')).toBeUndefined();
    expect(mmdsLeaf(metadata, '/nqvm/identity/generation/deeper')).toBeUndefined();
  });
});
