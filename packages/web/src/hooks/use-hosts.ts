// Host hooks: capacity and usage per host.
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { useRefetchInterval } from './use-refetch-interval';

export function useHosts() {
  const refetchInterval = useRefetchInterval();
  return useQuery({ queryKey: queryKeys.hosts.list(), queryFn: () => api().hosts.list(), refetchInterval });
}
