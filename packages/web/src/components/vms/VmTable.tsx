'use client';
// The VM table: sortable headers, selection for bulk actions, inline actions, and row virtualization
// so a thousand VMs scroll smoothly (only the visible rows are in the DOM). Selection and actions
// show only for roles that may use them.
import type { Vm } from '@nqvm/client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import Link from 'next/link';
import { useRef } from 'react';
import { useCan } from '@/hooks/use-auth';
import { cn } from '@/lib/cn';
import { formatMib } from '@/lib/format';
import { hostLabel, type VmSortKey, type VmTableQuery } from '@/lib/vm-table';
import { DeleteVmButton, StartVmButton, StopVmButton } from './VmActionButtons';
import { VmStateBadge } from './VmStateBadge';

const ROW_HEIGHT = 48;
/** Narrow screens keep name, state and actions; vCPU, memory and host appear from `sm` up. */
const GRID =
  'grid grid-cols-[2rem_minmax(0,1fr)_6.5rem_7.5rem] sm:grid-cols-[2rem_minmax(8rem,2fr)_7rem_4rem_6rem_minmax(6rem,1fr)_7.5rem] items-center gap-2 px-2';

const COLUMNS: { key: VmSortKey; label: string; wide?: boolean }[] = [
  { key: 'name', label: 'Name' },
  { key: 'state', label: 'State' },
  { key: 'vcpu', label: 'vCPU', wide: true },
  { key: 'mem_mib', label: 'Memory', wide: true },
  { key: 'host', label: 'Host', wide: true },
];

interface VmTableProps {
  vms: Vm[];
  query: VmTableQuery;
  onSort: (key: VmSortKey) => void;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
}

function SortIcon({ active, dir }: { active: boolean; dir: 'asc' | 'desc' }) {
  if (!active) return <ArrowUpDown className="size-3 opacity-50" aria-hidden />;
  return dir === 'asc' ? (
    <ArrowUp className="size-3" aria-hidden />
  ) : (
    <ArrowDown className="size-3" aria-hidden />
  );
}

export function VmTable({ vms, query, onSort, selected, onSelectedChange }: VmTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: vms.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const allSelected = vms.length > 0 && vms.every((vm) => selected.has(vm.id));
  // Bulk actions are start/stop/delete: selecting is pointless for a role that can't run them.
  const canRun = useCan('vm.lifecycle');
  const canDelete = useCan('vm.delete');

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };

  return (
    <div
      ref={scrollRef}
      className="max-h-[65vh] overflow-auto rounded-lg border"
      data-testid="vm-table-scroll"
    >
      <table aria-label="Virtual machines" aria-rowcount={vms.length + 1} className="block w-full">
        <thead className="sticky top-0 z-10 block">
          <tr
            className={cn(GRID, 'h-10 border-b bg-muted text-left text-xs font-medium text-muted-foreground')}
          >
            <th>
              {canRun && (
                <input
                  type="checkbox"
                  aria-label="Select all VMs"
                  checked={allSelected}
                  onChange={() => onSelectedChange(allSelected ? new Set() : new Set(vms.map((v) => v.id)))}
                />
              )}
            </th>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                aria-sort={
                  query.sortKey === c.key ? (query.sortDir === 'asc' ? 'ascending' : 'descending') : 'none'
                }
                className={cn('font-medium', c.wide && 'hidden sm:block')}
              >
                <button
                  type="button"
                  className="inline-flex items-center gap-1 hover:text-foreground"
                  onClick={() => onSort(c.key)}
                >
                  {c.label} <SortIcon active={query.sortKey === c.key} dir={query.sortDir} />
                </button>
              </th>
            ))}
            <th className="text-right font-medium">{(canRun || canDelete) && 'Actions'}</th>
          </tr>
        </thead>
        <tbody className="relative block" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const vm = vms[row.index] as Vm;
            return (
              <tr
                key={vm.id}
                aria-rowindex={row.index + 2}
                className={cn(GRID, 'absolute left-0 top-0 w-full border-b text-sm hover:bg-muted/30')}
                style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                <td>
                  {canRun && (
                    <input
                      type="checkbox"
                      aria-label={`Select ${vm.name}`}
                      checked={selected.has(vm.id)}
                      onChange={() => toggle(vm.id)}
                    />
                  )}
                </td>
                <td className="truncate font-medium">
                  <Link href={`/vms/${vm.id}`} className="hover:underline">
                    {vm.name}
                  </Link>
                </td>
                <td>
                  <VmStateBadge state={vm.state} />
                </td>
                <td className="hidden sm:block">{vm.vcpu}</td>
                <td className="hidden sm:block">{formatMib(vm.mem_mib)}</td>
                <td className="hidden truncate text-muted-foreground sm:block">{hostLabel(vm) || '—'}</td>
                <td className="flex justify-end">
                  {canRun && <StartVmButton vm={vm} />}
                  {canRun && <StopVmButton vm={vm} />}
                  {canDelete && <DeleteVmButton vm={vm} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
