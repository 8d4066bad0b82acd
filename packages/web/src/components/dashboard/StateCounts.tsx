// VM counts by state as small cards at the top of the dashboard.
import { Card, CardContent } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';

const SHOWN = ['running', 'paused', 'stopped', 'error'] as const;

export function StateCounts({
  counts,
  total,
}: {
  counts: Record<string, number> | undefined;
  total: number | undefined;
}) {
  const cells: [string, number | undefined][] = [
    ['total', total],
    ...SHOWN.map((s) => [s, counts ? (counts[s] ?? 0) : undefined] as [string, number | undefined]),
  ];
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
      {cells.map(([label, value]) => (
        <Card key={label}>
          <CardContent className="p-4">
            <p className="text-xs capitalize text-muted-foreground">
              {label === 'total' ? 'All VMs' : label}
            </p>
            {value === undefined ? (
              <Skeleton className="mt-1 h-7 w-10" />
            ) : (
              <p className="text-2xl font-semibold">{value}</p>
            )}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
