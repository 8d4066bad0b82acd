// Loading, error, empty or the list: the four states every list query goes through, shown the same way.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { TableSkeleton } from './skeleton';
import { EmptyState, ErrorState } from './states';

interface QueryViewProps<T> {
  query: UseQueryResult<T[]>;
  /** Skeleton rows while loading. */
  rows?: number;
  empty: { title: string; description?: string; action?: ReactNode };
  children: (items: T[]) => ReactNode;
}

export function QueryView<T>({ query, rows = 3, empty, children }: QueryViewProps<T>) {
  if (query.isPending) return <TableSkeleton rows={rows} />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.length === 0) return <EmptyState {...empty} />;
  return children(query.data);
}
