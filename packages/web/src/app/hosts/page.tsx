'use client';
import { UsageBar } from '@/components/hosts/UsageBar';
// Hosts: each agent's capacity and what its VMs use of it.
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useHosts } from '@/hooks/use-hosts';
import { formatBytes, formatDate, formatMib } from '@/lib/format';

export default function HostsPage() {
  const hosts = useHosts();
  return (
    <>
      <PageHeader title="Hosts" description="Capacity and usage per agent host." />
      {hosts.isPending ? (
        <TableSkeleton rows={3} />
      ) : hosts.error ? (
        <ErrorState error={hosts.error} onRetry={() => hosts.refetch()} />
      ) : hosts.data.length === 0 ? (
        <EmptyState
          title="No hosts registered"
          description="Start an agent (bin/nqvm up) and it registers itself here."
        />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {hosts.data.map((h) => (
            <Card key={h.id}>
              <CardHeader className="flex-row items-center justify-between">
                <CardTitle>{h.hostname}</CardTitle>
                <Badge tone={h.status === 'online' ? 'success' : 'danger'}>{h.status}</Badge>
              </CardHeader>
              <CardContent className="flex flex-col gap-3 text-sm">
                <p className="text-muted-foreground">
                  {h.addr}:{h.port} · {h.accel.toUpperCase()} · {h.usage.running_vms} running VM
                  {h.usage.running_vms === 1 ? '' : 's'} · last heartbeat {formatDate(h.last_heartbeat_at)}
                </p>
                <UsageBar label="vCPUs" used={h.usage.vcpus} total={h.capacity.vcpus} format={String} />
                <UsageBar
                  label="Memory"
                  used={h.usage.mem_mib}
                  total={h.capacity.mem_mib}
                  format={formatMib}
                />
                <UsageBar
                  label="Disk"
                  used={h.usage.disk_bytes}
                  total={h.capacity.disk_bytes}
                  format={formatBytes}
                />
              </CardContent>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
