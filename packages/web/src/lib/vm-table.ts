// Sorting, filtering and searching the VM table: plain functions so 1,000 rows stay cheap and testable.
import type { Vm } from '@nqvm/client';

export type VmSortKey = 'name' | 'state' | 'vcpu' | 'mem_mib' | 'host' | 'created_at';
export type SortDir = 'asc' | 'desc';

export interface VmTableQuery {
  search: string;
  state: string;
  sortKey: VmSortKey;
  sortDir: SortDir;
}

export const DEFAULT_VM_QUERY: VmTableQuery = { search: '', state: 'all', sortKey: 'name', sortDir: 'asc' };

export function hostLabel(vm: Vm): string {
  return vm.host_addr ?? vm.host_id ?? '';
}

function sortValue(vm: Vm, key: VmSortKey): string | number {
  switch (key) {
    case 'vcpu':
      return vm.vcpu;
    case 'mem_mib':
      return vm.mem_mib;
    case 'host':
      return hostLabel(vm);
    case 'created_at':
      return Date.parse(vm.created_at) || 0;
    default:
      return vm[key];
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function compareVms(a: Vm, b: Vm, key: VmSortKey, dir: SortDir): number {
  const x = sortValue(a, key);
  const y = sortValue(b, key);
  const order =
    typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
  // Ties keep a stable, predictable order by name so rows don't jump on refresh.
  const result = order !== 0 ? order : collator.compare(a.name, b.name);
  return dir === 'asc' ? result : -result;
}

/** Search matches name, id, host or IP, case-insensitively; state "all" keeps every state. */
export function filterVms(vms: readonly Vm[], query: Pick<VmTableQuery, 'search' | 'state'>): Vm[] {
  const needle = query.search.trim().toLowerCase();
  return vms.filter((vm) => {
    if (query.state !== 'all' && vm.state !== query.state) return false;
    if (!needle) return true;
    return [vm.name, vm.id, hostLabel(vm), vm.guest_ip ?? ''].some((f) => f.toLowerCase().includes(needle));
  });
}

export function applyVmQuery(vms: readonly Vm[], query: VmTableQuery): Vm[] {
  return filterVms(vms, query).sort((a, b) => compareVms(a, b, query.sortKey, query.sortDir));
}

export function toggleSort(query: VmTableQuery, key: VmSortKey): VmTableQuery {
  if (query.sortKey === key) return { ...query, sortDir: query.sortDir === 'asc' ? 'desc' : 'asc' };
  return { ...query, sortKey: key, sortDir: 'asc' };
}

export function countByState(vms: readonly Vm[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const vm of vms) counts[vm.state] = (counts[vm.state] ?? 0) + 1;
  return counts;
}
