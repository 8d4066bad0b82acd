// Which controls each role sees: the UI's capability table against the manager's access rules.
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, type Capability, can, rolesUpTo } from './roles';

const all = Object.keys(CAPABILITIES) as Capability[];
const allowed = (role: 'viewer' | 'operator' | 'admin') => all.filter((c) => can(role, c)).sort();

describe('role → capabilities', () => {
  it('gives a viewer only its own tokens: no start/stop/delete/create anywhere', () => {
    expect(allowed('viewer')).toEqual(['token.manage']);
  });

  it('gives an operator VM lifecycle, devices, snapshots and templates, but no admin areas', () => {
    expect(allowed('operator')).toEqual([
      'snapshot.manage',
      'template.manage',
      'token.manage',
      'vm.create',
      'vm.delete',
      'vm.devices',
      'vm.lifecycle',
      'vm.terminal',
    ]);
    for (const c of ['image.manage', 'user.manage', 'audit.read', 'host.paths'] as const)
      expect(can('operator', c)).toBe(false);
  });

  it('gives an admin everything', () => {
    expect(allowed('admin')).toEqual([...all].sort());
  });

  it('shows nothing while the role is unknown', () => {
    expect(all.filter((c) => can(undefined, c))).toEqual([]);
  });

  it('offers token roles up to the owner', () => {
    expect(rolesUpTo('viewer')).toEqual(['viewer']);
    expect(rolesUpTo('operator')).toEqual(['viewer', 'operator']);
    expect(rolesUpTo('admin')).toEqual(['viewer', 'operator', 'admin']);
  });
});
