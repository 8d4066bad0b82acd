'use client';
// /vms/[id]: header with state badge and action menu, and the Overview … Terminal tabs.
// The console socket lives here (not in the tab) so switching tabs keeps the session and scroll-back.
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { ConfigTab } from '@/components/vms/tabs/ConfigTab';
import { DrivesTab } from '@/components/vms/tabs/DrivesTab';
import { MetricsTab } from '@/components/vms/tabs/MetricsTab';
import { NetworkTab } from '@/components/vms/tabs/NetworkTab';
import { OverviewTab } from '@/components/vms/tabs/OverviewTab';
import { SnapshotsTab } from '@/components/vms/tabs/SnapshotsTab';
import { TerminalTab } from '@/components/vms/tabs/TerminalTab';
import { VmActionMenu } from '@/components/vms/VmActionMenu';
import { VmStateBadge } from '@/components/vms/VmStateBadge';
import { useCan } from '@/hooks/use-auth';
import { useShellSocket } from '@/hooks/use-shell-socket';
import { useVM, useVmDeleted } from '@/hooks/use-vms';

const TABS = ['overview', 'configuration', 'drives', 'network', 'snapshots', 'metrics', 'terminal'] as const;

export default function VmDetailPage() {
  const { id } = useParams<{ id: string }>();
  // Once deleted from here, nothing on the page asks for the VM again (its tabs unmount too).
  const deleted = useVmDeleted(id);
  const vm = useVM(id, !deleted);
  const [tab, setTab] = useState<string>('overview');
  const [terminalSeen, setTerminalSeen] = useState(false);
  // The console socket is an operator route: a viewer gets no Terminal tab rather than a refused socket.
  const canTerminal = useCan('vm.terminal');
  const canRun = useCan('vm.lifecycle');
  const canDelete = useCan('vm.delete');
  const canAct = canRun || canDelete;
  const tabs = TABS.filter((t) => t !== 'terminal' || canTerminal);
  const running = vm.data?.state === 'running' && !deleted;
  const shell = useShellSocket(id, terminalSeen && running && canTerminal);

  const onTab = (next: string) => {
    setTab(next);
    if (next === 'terminal') setTerminalSeen(true);
  };

  return (
    <>
      <Link
        href="/vms"
        className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> All VMs
      </Link>
      {deleted && !vm.data ? (
        <>
          <PageHeader title="Virtual machine" description={id} />
          <EmptyState title="This VM was deleted" />
        </>
      ) : vm.isPending ? (
        <Skeleton className="h-10 w-64" />
      ) : vm.error ? (
        <>
          <PageHeader title="Virtual machine" description={id} />
          <ErrorState error={vm.error} onRetry={() => vm.refetch()} />
        </>
      ) : (
        <>
          <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
            <div className="flex min-w-0 items-center gap-3">
              <h1 className="truncate text-2xl font-semibold tracking-tight">{vm.data.name}</h1>
              <VmStateBadge state={deleted ? 'deleting' : vm.data.state} />
            </div>
            {/* Stays mounted while deleting: it owns the delete and navigates away when it is done. */}
            {canAct && <VmActionMenu vm={vm.data} />}
          </div>
          {deleted ? (
            <p className="text-sm text-muted-foreground">Deleting this VM…</p>
          ) : (
            <Tabs value={tab} onValueChange={onTab}>
              <TabsList aria-label="VM sections">
                {tabs.map((t) => (
                  <TabsTrigger key={t} value={t} className="capitalize">
                    {t}
                  </TabsTrigger>
                ))}
              </TabsList>
              <TabsContent value="overview">
                <OverviewTab vm={vm.data} />
              </TabsContent>
              <TabsContent value="configuration">
                <ConfigTab vm={vm.data} />
              </TabsContent>
              <TabsContent value="drives">
                <DrivesTab vmId={id} />
              </TabsContent>
              <TabsContent value="network">
                <NetworkTab vmId={id} />
              </TabsContent>
              <TabsContent value="snapshots">
                <SnapshotsTab vmId={id} state={vm.data.state} />
              </TabsContent>
              <TabsContent value="metrics">
                <MetricsTab vmId={id} running={running} />
              </TabsContent>
              {terminalSeen && canTerminal && (
                <TabsContent value="terminal" forceMount className="data-[state=inactive]:hidden">
                  <TerminalTab shell={shell} running={running} visible={tab === 'terminal'} />
                </TabsContent>
              )}
            </Tabs>
          )}
        </>
      )}
    </>
  );
}
