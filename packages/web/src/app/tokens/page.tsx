'use client';
// /tokens: your API tokens (admins: everyone's) — create (secret shown once, with copy), list, revoke.
import type { ApiToken, CreatedApiToken } from '@nqvm/client';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { CreateTokenDialog, TokenSecretDialog } from '@/components/tokens/TokenDialogs';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { type Column, DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { QueryView } from '@/components/ui/query-view';
import { useMe } from '@/hooks/use-auth';
import { useRevokeToken, useTokens } from '@/hooks/use-tokens';
import { formatDate } from '@/lib/format';
import { tokenStatus } from '@/lib/token-status';

const STATUS_TONE = { active: 'success', expired: 'warning', revoked: 'neutral' } as const;

const COLUMNS: Column<ApiToken>[] = [
  { header: 'Name', cell: (t) => t.name, className: 'font-medium' },
  { header: 'Role', cell: (t) => <Badge>{t.role}</Badge> },
  { header: 'Owner', cell: (t) => t.owner ?? '—', wideOnly: true },
  {
    header: 'Status',
    cell: (t) => {
      const status = tokenStatus(t);
      return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
    },
  },
  { header: 'Expires', cell: (t) => (t.expires_at ? formatDate(t.expires_at) : 'never'), wideOnly: true },
  { header: 'Created', cell: (t) => formatDate(t.created_at), wideOnly: true },
];

export default function TokensPage() {
  const me = useMe();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [createOpen, setCreateOpen] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken>();
  const [revoking, setRevoking] = useState<ApiToken>();

  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          me.data?.role === 'admin'
            ? 'Every API token; secrets are shown only when a token is created.'
            : 'Your API tokens; secrets are shown only when a token is created.'
        }
        actions={
          me.data && (
            <Button onClick={() => setCreateOpen(true)}>
              <Plus aria-hidden /> Create token
            </Button>
          )
        }
      />
      <QueryView
        query={tokens}
        empty={{ title: 'No API tokens', description: 'Create one for scripts, CI or the nqvm CLI.' }}
      >
        {(rows) => (
          <DataTable
            label="API tokens"
            rows={rows}
            columns={COLUMNS}
            rowKey={(t) => t.id}
            actions={(t) =>
              tokenStatus(t) === 'active' && (
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Revoke ${t.name}`}
                  onClick={() => setRevoking(t)}
                >
                  <Trash2 className="text-destructive" aria-hidden /> Revoke
                </Button>
              )
            }
          />
        )}
      </QueryView>
      {me.data && (
        <CreateTokenDialog
          open={createOpen}
          onOpenChange={setCreateOpen}
          ownRole={me.data.role}
          onCreated={setCreated}
        />
      )}
      <TokenSecretDialog token={created} onClose={() => setCreated(undefined)} />
      <ConfirmDialog
        open={!!revoking}
        onOpenChange={(o) => !o && setRevoking(undefined)}
        title={`Revoke ${revoking?.name ?? ''}?`}
        description="Whatever uses it is refused from now on. This cannot be undone."
        confirmLabel="Revoke token"
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id, name: revoking.name })}
      />
    </>
  );
}
