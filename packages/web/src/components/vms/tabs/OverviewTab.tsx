// Overview tab: identity, state, host, address and timestamps of a VM.

import type { Vm } from '@nqvm/client';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { formatDate, formatMib } from '@/lib/format';
import { VmStateBadge } from '../VmStateBadge';

export function DetailList({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-2 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted-foreground">{k}</dt>
          <dd className="min-w-0 break-all">{v ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export function OverviewTab({ vm }: { vm: Vm }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Metadata</CardTitle>
        </CardHeader>
        <CardContent>
          <DetailList
            rows={[
              ['ID', <code key="id">{vm.id}</code>],
              ['Name', vm.name],
              ['Created', formatDate(vm.created_at)],
              ['Updated', formatDate(vm.updated_at)],
            ]}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Status</CardTitle>
        </CardHeader>
        <CardContent>
          <DetailList
            rows={[
              ['State', <VmStateBadge key="s" state={vm.state} />],
              ['Desired', vm.desired_state ?? '—'],
              ['Size', `${vm.vcpu} vCPU · ${formatMib(vm.mem_mib)}`],
              ['Host', vm.host_addr ?? vm.host_id ?? '—'],
              ['Guest IP', vm.guest_ip ?? '—'],
              ['Guest MAC', vm.guest_mac ?? '—'],
              ...(vm.error
                ? ([
                    [
                      'Error',
                      <span key="e" className="text-destructive">
                        {vm.error}
                      </span>,
                    ],
                  ] as [string, React.ReactNode][])
                : []),
            ]}
          />
        </CardContent>
      </Card>
    </div>
  );
}
