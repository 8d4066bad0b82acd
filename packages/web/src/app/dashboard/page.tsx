'use client';
// Dashboard: VM counts by state, host capacity, recent events, quick actions, and a searchable VM list.
import { HardDrive, Layers, Plus, Server } from 'lucide-react';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { Can } from '@/components/auth/Can';
import { RecentEvents } from '@/components/dashboard/RecentEvents';
import { StateCounts } from '@/components/dashboard/StateCounts';
import { UsageBar } from '@/components/hosts/UsageBar';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton, TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { VmFilters } from '@/components/vms/VmFilters';
import { VmStateBadge } from '@/components/vms/VmStateBadge';
import { useHosts } from '@/hooks/use-hosts';
import { useVMs } from '@/hooks/use-vms';
import { formatMib } from '@/lib/format';
import { applyVmQuery, countByState, DEFAULT_VM_QUERY } from '@/lib/vm-table';

const SHOWN_ROWS = 8;

function HostCapacity() {
  const hosts = useHosts();
  if (hosts.isPending) return <Skeleton className="h-24 w-full" />;
  if (hosts.error) return <ErrorState error={hosts.error} />;
  const online = hosts.data.filter((h) => h.status === 'online');
  const sum = (f: (h: (typeof online)[number]) => number) => online.reduce((n, h) => n + f(h), 0);
  if (hosts.data.length === 0)
    return <p className="text-sm text-muted-foreground">No hosts registered yet.</p>;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-muted-foreground">
        {online.length} of {hosts.data.length} hosts online
      </p>
      <UsageBar
        label="vCPUs"
        used={sum((h) => h.usage.vcpus)}
        total={sum((h) => h.capacity.vcpus)}
        format={String}
      />
      <UsageBar
        label="Memory"
        used={sum((h) => h.usage.mem_mib)}
        total={sum((h) => h.capacity.mem_mib)}
        format={formatMib}
      />
    </div>
  );
}

export default function DashboardPage() {
  const vms = useVMs();
  const [search, setSearch] = useState('');
  const [state, setState] = useState('all');
  const rows = useMemo(
    () => applyVmQuery(vms.data ?? [], { ...DEFAULT_VM_QUERY, search, state }),
    [vms.data, search, state],
  );
  const counts = useMemo(() => (vms.data ? countByState(vms.data) : undefined), [vms.data]);

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Your microVMs at a glance."
        actions={
          <>
            <Can do="vm.create">
              <Button asChild>
                <Link href="/vms/create">
                  <Plus aria-hidden /> Create VM
                </Link>
              </Button>
            </Can>
            <Can do="image.manage">
              <Button asChild variant="outline">
                <Link href="/registry">
                  <HardDrive aria-hidden /> Import image
                </Link>
              </Button>
            </Can>
            <Button asChild variant="outline">
              <Link href="/templates">
                <Layers aria-hidden /> Templates
              </Link>
            </Button>
          </>
        }
      />
      <div className="flex flex-col gap-6">
        {vms.error ? (
          <ErrorState error={vms.error} onRetry={() => vms.refetch()} />
        ) : (
          <StateCounts counts={counts} total={vms.data?.length} />
        )}
        <div className="grid gap-4 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            <CardHeader>
              <CardTitle>Virtual machines</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-3">
              <VmFilters search={search} state={state} onSearch={setSearch} onState={setState} />
              {vms.isPending ? (
                <TableSkeleton rows={4} />
              ) : vms.error ? null : rows.length === 0 ? (
                <EmptyState title={vms.data.length === 0 ? 'No VMs yet' : 'No VMs match'} />
              ) : (
                <ul className="flex flex-col divide-y text-sm">
                  {rows.slice(0, SHOWN_ROWS).map((vm) => (
                    <li key={vm.id} className="flex items-center justify-between gap-2 py-2">
                      <Link href={`/vms/${vm.id}`} className="truncate font-medium hover:underline">
                        {vm.name}
                      </Link>
                      <span className="flex shrink-0 items-center gap-3 text-muted-foreground">
                        <span className="hidden sm:inline">
                          {vm.vcpu} vCPU · {formatMib(vm.mem_mib)}
                        </span>
                        <VmStateBadge state={vm.state} />
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {rows.length > SHOWN_ROWS && (
                <Link href="/vms" className="text-sm text-primary hover:underline">
                  All {rows.length} matching VMs →
                </Link>
              )}
            </CardContent>
          </Card>
          <div className="flex flex-col gap-4">
            <Card>
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  <Server className="size-4" aria-hidden /> Host capacity
                </CardTitle>
              </CardHeader>
              <CardContent>
                <HostCapacity />
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Recent events</CardTitle>
              </CardHeader>
              <CardContent>
                <RecentEvents />
              </CardContent>
            </Card>
          </div>
        </div>
      </div>
    </>
  );
}
