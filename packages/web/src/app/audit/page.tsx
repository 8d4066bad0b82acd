'use client';
// /audit (admins): who did what, newest first — filters and cursor paging over GET /v1/audit.
import type { AuditEntry } from '@nqvm/client';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import { AuditFilters } from '@/components/audit/AuditFilters';
import { RequireCapability } from '@/components/auth/RequireCapability';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { type Column, DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { type AuditFilter, useAuditPage } from '@/hooks/use-audit';
import { useCan } from '@/hooks/use-auth';
import { auditQueryFrom, currentCursor, FIRST_PAGE, newer, older, pageNumber } from '@/lib/audit-paging';
import { formatDate } from '@/lib/format';

const COLUMNS: Column<AuditEntry>[] = [
  { header: 'Time', cell: (e) => formatDate(e.ts), className: 'whitespace-nowrap' },
  { header: 'Actor', cell: (e) => e.actor ?? '—', className: 'font-medium' },
  { header: 'Role', cell: (e) => e.role ?? '—', wideOnly: true },
  { header: 'Action', cell: (e) => e.action, className: 'font-mono text-xs' },
  {
    header: 'Target',
    cell: (e) => e.target ?? '—',
    className: 'max-w-[14rem] truncate font-mono text-xs',
    wideOnly: true,
  },
  {
    header: 'Result',
    cell: (e) => (
      <Badge tone={e.result === 'ok' ? 'success' : 'danger'} title={e.error_code ?? undefined}>
        {e.result} {e.status}
      </Badge>
    ),
  },
  { header: 'From', cell: (e) => e.client_addr ?? '—', wideOnly: true },
];

function AuditLog() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [paging, setPaging] = useState(FIRST_PAGE);
  const page = useAuditPage(filter, currentCursor(paging), useCan('audit.read'));

  return (
    <>
      <AuditFilters
        onApply={(form) => {
          setFilter(auditQueryFrom(form));
          setPaging(FIRST_PAGE);
        }}
      />
      {page.isPending ? (
        <TableSkeleton rows={6} />
      ) : page.error ? (
        <ErrorState error={page.error} onRetry={() => page.refetch()} />
      ) : page.data.items.length === 0 ? (
        <EmptyState title="No audit entries" description="Nothing matches these filters." />
      ) : (
        <DataTable label="Audit log" rows={page.data.items} columns={COLUMNS} rowKey={(e) => String(e.id)} />
      )}
      <nav aria-label="Audit pages" className="mt-3 flex items-center justify-end gap-2 text-sm">
        <span className="text-muted-foreground">Page {pageNumber(paging)}</span>
        <Button
          size="sm"
          variant="outline"
          disabled={pageNumber(paging) === 1}
          onClick={() => setPaging(newer)}
        >
          <ChevronLeft aria-hidden /> Newer
        </Button>
        <Button
          size="sm"
          variant="outline"
          disabled={!page.data?.next_cursor || page.isPlaceholderData}
          onClick={() => setPaging((p) => older(p, page.data?.next_cursor))}
        >
          Older <ChevronRight aria-hidden />
        </Button>
      </nav>
    </>
  );
}

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit log" description="Every change and sign-in, newest first." />
      <RequireCapability do="audit.read" what="read the audit log">
        <AuditLog />
      </RequireCapability>
    </>
  );
}
