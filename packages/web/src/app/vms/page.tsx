'use client';
// /vms: every VM with sorting, filtering, search, inline actions and bulk actions on a selection.
import { Play, Plus, Square, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { Can } from '@/components/auth/Can';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { PageHeader } from '@/components/ui/page-header';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { VmFilters } from '@/components/vms/VmFilters';
import { VmTable } from '@/components/vms/VmTable';
import { useBulkVmAction, useVMs } from '@/hooks/use-vms';
import { applyVmQuery, DEFAULT_VM_QUERY, toggleSort, type VmTableQuery } from '@/lib/vm-table';

export default function VmsPage() {
  const vms = useVMs();
  const bulk = useBulkVmAction();
  const [query, setQuery] = useState<VmTableQuery>(DEFAULT_VM_QUERY);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirmDelete, setConfirmDelete] = useState(false);
  const rows = useMemo(() => applyVmQuery(vms.data ?? [], query), [vms.data, query]);
  // Only act on selected VMs that are still visible, so a filter change can't hide what gets deleted.
  const ids = rows.filter((vm) => selected.has(vm.id)).map((vm) => vm.id);
  const runBulk = (action: 'start' | 'stop' | 'delete') =>
    bulk.mutate({ ids, action }, { onSuccess: () => setSelected(new Set()) });

  return (
    <>
      <PageHeader
        title="VMs"
        description={vms.data ? `${vms.data.length} virtual machines` : undefined}
        actions={
          <Can do="vm.create">
            <Button asChild>
              <Link href="/vms/create">
                <Plus aria-hidden /> Create VM
              </Link>
            </Button>
          </Can>
        }
      />
      <div className="flex flex-col gap-4">
        <VmFilters
          search={query.search}
          state={query.state}
          onSearch={(search) => setQuery((q) => ({ ...q, search }))}
          onState={(state) => setQuery((q) => ({ ...q, state }))}
        />
        {ids.length > 0 && (
          <section
            aria-label="Bulk actions"
            className="flex flex-wrap items-center gap-2 rounded-md border bg-muted/40 p-2 text-sm"
          >
            <span className="px-1 font-medium">{ids.length} selected</span>
            <Button size="sm" variant="outline" disabled={bulk.isPending} onClick={() => runBulk('start')}>
              <Play aria-hidden /> Start
            </Button>
            <Button size="sm" variant="outline" disabled={bulk.isPending} onClick={() => runBulk('stop')}>
              <Square aria-hidden /> Stop
            </Button>
            <Button
              size="sm"
              variant="destructive"
              disabled={bulk.isPending}
              onClick={() => setConfirmDelete(true)}
            >
              <Trash2 aria-hidden /> Delete
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
          </section>
        )}
        {vms.isPending ? (
          <TableSkeleton rows={8} />
        ) : vms.error ? (
          <ErrorState error={vms.error} onRetry={() => vms.refetch()} />
        ) : vms.data.length === 0 ? (
          <EmptyState
            title="No VMs yet"
            description="Create your first microVM from a kernel and a rootfs image."
            action={
              <Can do="vm.create">
                <Button asChild size="sm">
                  <Link href="/vms/create">Create VM</Link>
                </Button>
              </Can>
            }
          />
        ) : rows.length === 0 ? (
          <EmptyState title="No VMs match" description="Change the search or the state filter." />
        ) : (
          <VmTable
            vms={rows}
            query={query}
            onSort={(key) => setQuery((q) => toggleSort(q, key))}
            selected={selected}
            onSelectedChange={setSelected}
          />
        )}
      </div>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete ${ids.length} VM(s)?`}
        description="Each VM is stopped if it runs, and its disks, sockets and logs are removed. This cannot be undone."
        confirmLabel="Delete VMs"
        onConfirm={() => runBulk('delete')}
      />
    </>
  );
}
