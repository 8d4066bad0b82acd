'use client';
import type { ManagerEvent } from '@nqvm/client';
// The latest manager events seen on the live stream (the API has no history listing to fill it earlier).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatDate } from '@/lib/format';
import { queryKeys } from '@/lib/query-keys';

function describe(e: ManagerEvent): string {
  const name = typeof e.data.name === 'string' ? e.data.name : e.resource_id.slice(0, 8);
  if (e.kind === 'vm.state') return `${name}: ${String(e.data.from)} → ${String(e.data.to)}`;
  return `${e.kind.replace('.', ' ')} · ${name}`;
}

export function RecentEvents() {
  // Filled by the live event stream (setQueryData); this query never fetches by itself.
  const { data = [] } = useQuery<ManagerEvent[]>({
    queryKey: queryKeys.events.recent(),
    queryFn: () => [],
    staleTime: Number.POSITIVE_INFINITY,
    initialData: [],
  });
  if (data.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No events since this page opened. Changes appear here live.
      </p>
    );
  }
  return (
    <ul className="flex flex-col divide-y text-sm" aria-label="Recent events">
      {data.slice(0, 10).map((e) => (
        <li key={e.id} className="flex items-center justify-between gap-2 py-1.5">
          {e.resource_type === 'vm' && e.kind !== 'vm.deleted' ? (
            <Link className="truncate hover:underline" href={`/vms/${e.resource_id}`}>
              {describe(e)}
            </Link>
          ) : (
            <span className="truncate">{describe(e)}</span>
          )}
          <time className="shrink-0 text-xs text-muted-foreground" dateTime={e.ts}>
            {formatDate(e.ts)}
          </time>
        </li>
      ))}
    </ul>
  );
}
