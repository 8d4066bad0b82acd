// VM table sort, filter and search, including a 1,000-VM list.

import type { Vm } from '@nqvm/client';
import { describe, expect, it } from 'vitest';
import { applyVmQuery, countByState, DEFAULT_VM_QUERY, filterVms, toggleSort } from './vm-table';

function vm(name: string, over: Partial<Vm> = {}): Vm {
  return {
    id: `id-${name}`,
    name,
    state: 'stopped',
    vcpu: 1,
    mem_mib: 256,
    desired_state: 'stopped',
    kernel_image_id: null,
    initrd_image_id: null,
    rootfs_image_id: null,
    kernel_path: null,
    rootfs_path: null,
    hostname: name,
    host_addr: null,
    host_id: null,
    tap: null,
    api_sock: null,
    log_path: null,
    http_port: null,
    fc_unit: null,
    guest_mac: null,
    guest_ip: null,
    error: null,
    template_id: null,
    source_snapshot_id: null,
    created_at: '2025-10-15T10:00:00Z',
    updated_at: '2025-10-15T10:00:00Z',
    ...over,
  };
}

const vms = [
  vm('web-10', { state: 'running', vcpu: 4, mem_mib: 2048, host_addr: '10.0.0.2' }),
  vm('web-2', { state: 'stopped', vcpu: 1, mem_mib: 512, host_addr: '10.0.0.1', guest_ip: '172.16.0.5' }),
  vm('db-1', { state: 'paused', vcpu: 2, mem_mib: 1024, host_addr: '10.0.0.1' }),
];

const names = (list: Vm[]) => list.map((v) => v.name);

describe('applyVmQuery', () => {
  it('sorts names naturally (web-2 before web-10) and reverses on desc', () => {
    expect(names(applyVmQuery(vms, DEFAULT_VM_QUERY))).toEqual(['db-1', 'web-2', 'web-10']);
    expect(names(applyVmQuery(vms, { ...DEFAULT_VM_QUERY, sortDir: 'desc' }))).toEqual([
      'web-10',
      'web-2',
      'db-1',
    ]);
  });

  it('sorts numbers numerically and breaks ties by name', () => {
    expect(names(applyVmQuery(vms, { ...DEFAULT_VM_QUERY, sortKey: 'mem_mib' }))).toEqual([
      'web-2',
      'db-1',
      'web-10',
    ]);
    expect(names(applyVmQuery(vms, { ...DEFAULT_VM_QUERY, sortKey: 'host' }))).toEqual([
      'db-1',
      'web-2',
      'web-10',
    ]);
  });

  it('does not mutate its input', () => {
    const copy = [...vms];
    applyVmQuery(vms, { ...DEFAULT_VM_QUERY, sortKey: 'vcpu' });
    expect(vms).toEqual(copy);
  });
});

describe('filterVms', () => {
  it('filters by state, and "all" keeps everything', () => {
    expect(names(filterVms(vms, { search: '', state: 'running' }))).toEqual(['web-10']);
    expect(filterVms(vms, { search: '', state: 'all' })).toHaveLength(3);
  });

  it('searches name, host and guest IP case-insensitively', () => {
    expect(names(filterVms(vms, { search: 'WEB', state: 'all' }))).toEqual(['web-10', 'web-2']);
    expect(names(filterVms(vms, { search: '10.0.0.1', state: 'all' }))).toEqual(['web-2', 'db-1']);
    expect(names(filterVms(vms, { search: '172.16', state: 'all' }))).toEqual(['web-2']);
    expect(filterVms(vms, { search: 'nothing', state: 'all' })).toEqual([]);
  });

  it('combines search with the state filter', () => {
    expect(names(filterVms(vms, { search: 'web', state: 'stopped' }))).toEqual(['web-2']);
  });
});

describe('toggleSort and countByState', () => {
  it('flips direction on the same column and starts ascending on a new one', () => {
    const desc = toggleSort(DEFAULT_VM_QUERY, 'name');
    expect(desc).toMatchObject({ sortKey: 'name', sortDir: 'desc' });
    expect(toggleSort(desc, 'vcpu')).toMatchObject({ sortKey: 'vcpu', sortDir: 'asc' });
  });

  it('counts VMs per state', () => {
    expect(countByState(vms)).toEqual({ running: 1, stopped: 1, paused: 1 });
  });
});

describe('a thousand VMs', () => {
  it('filters and sorts them all', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      vm(`vm-${i}`, { state: i % 3 === 0 ? 'running' : 'stopped', vcpu: (i % 8) + 1 }),
    );
    const running = applyVmQuery(many, {
      search: 'vm-9',
      state: 'running',
      sortKey: 'vcpu',
      sortDir: 'desc',
    });
    expect(running.every((v) => v.state === 'running' && v.name.startsWith('vm-9'))).toBe(true);
    expect(running.length).toBe(
      many.filter((v) => v.state === 'running' && v.name.startsWith('vm-9')).length,
    );
    for (let i = 1; i < running.length; i++)
      expect((running[i - 1] as Vm).vcpu).toBeGreaterThanOrEqual((running[i] as Vm).vcpu);
  });
});
