'use client';
import { useMemo } from 'react';
// Metrics tab: CPU, memory, block and network I/O charts, refreshed every few seconds while open.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useVMMetrics } from '@/hooks/use-vms';
import { formatBytes } from '@/lib/format';
import { type MetricPoint, toMetricPoints } from '@/lib/metrics-series';

interface Series {
  key: keyof MetricPoint;
  name: string;
  color: string;
}

function Chart({
  title,
  data,
  series,
  unit,
}: {
  title: string;
  data: MetricPoint[];
  series: Series[];
  unit?: (n: number) => string;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent className="h-56" role="img" aria-label={`${title} chart`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ left: 8, right: 8, top: 4, bottom: 4 }}>
            <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
            <XAxis dataKey="t" tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis tick={{ fontSize: 11 }} width={64} tickFormatter={unit} />
            <Tooltip formatter={(v: number) => (unit ? unit(v) : v)} />
            {series.length > 1 && <Legend />}
            {series.map((s) => (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.name}
                stroke={s.color}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}

export function MetricsTab({ vmId, running }: { vmId: string; running: boolean }) {
  const metrics = useVMMetrics(vmId);
  const points = useMemo(() => toMetricPoints(metrics.data ?? []), [metrics.data]);
  if (metrics.isPending) return <Skeleton className="h-56 w-full" />;
  if (metrics.error) return <ErrorState error={metrics.error} onRetry={() => metrics.refetch()} />;
  if (points.length === 0) {
    return (
      <EmptyState
        title="No samples yet"
        description={
          running
            ? 'The manager samples running VMs periodically; use "Flush metrics" for one now.'
            : 'Start the VM to collect metrics.'
        }
      />
    );
  }
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Chart title="CPU (%)" data={points} series={[{ key: 'cpu', name: 'CPU %', color: '#2563eb' }]} />
      <Chart
        title="Memory (MiB RSS)"
        data={points}
        series={[{ key: 'memMib', name: 'MiB', color: '#16a34a' }]}
      />
      <Chart
        title="Block I/O (bytes per sample)"
        data={points}
        unit={formatBytes}
        series={[
          { key: 'blockRead', name: 'Read', color: '#9333ea' },
          { key: 'blockWrite', name: 'Write', color: '#ea580c' },
        ]}
      />
      <Chart
        title="Network I/O (bytes per sample)"
        data={points}
        unit={formatBytes}
        series={[
          { key: 'netRx', name: 'RX', color: '#0891b2' },
          { key: 'netTx', name: 'TX', color: '#dc2626' },
        ]}
      />
    </div>
  );
}
