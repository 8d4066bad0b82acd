// Host hooks: capacity and usage per host.
import { useQuery } from '@tanstack/react-query';
import { hostsApi } from '@/lib/api/hosts.api';
import { queryKeys } from '@/lib/query-keys';
import { useRefetchInterval } from './use-refetch-interval';

export function useHosts() {
  const refetchInterval = useRefetchInterval();
  return useQuery({ queryKey: queryKeys.hosts.list(), queryFn: hostsApi.list, refetchInterval });
}
