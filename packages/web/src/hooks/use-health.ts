// Health hook: the manager's /health, polled so the page reflects an outage as it happens.
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health(),
    queryFn: () => api().health(),
    refetchInterval: 10_000,
    retry: false,
  });
}
