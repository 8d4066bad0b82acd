// Audit log hook (admins): one page of entries for a filter, newest first, paged by cursor.
import type { AuditQuery } from '@nqvm/client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilter = Omit<AuditQuery, 'cursor' | 'limit'>;

export function useAuditPage(filter: AuditFilter, cursor: string | undefined, enabled = true) {
  return useQuery({
    queryKey: queryKeys.audit.page(filter, cursor),
    queryFn: () => api().audit.list({ ...filter, cursor, limit: AUDIT_PAGE_SIZE }),
    // The old page stays on screen while the next one loads, so paging doesn't flash a skeleton.
    placeholderData: keepPreviousData,
    enabled,
  });
}
