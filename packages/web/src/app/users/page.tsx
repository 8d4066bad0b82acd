'use client';
// /users (admins): list users; create, edit role or password, disable/enable, delete (confirmed).
import type { User } from '@nqvm/client';
import { Ban, CheckCircle2, Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { RequireCapability } from '@/components/auth/RequireCapability';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { type Column, DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { QueryView } from '@/components/ui/query-view';
import { CreateUserDialog, EditUserDialog } from '@/components/users/UserDialogs';
import { useCan, useMe } from '@/hooks/use-auth';
import { useDeleteUser, useUpdateUser, useUsers } from '@/hooks/use-users';
import { formatDate } from '@/lib/format';

const ROLE_TONE = { admin: 'danger', operator: 'info', viewer: 'neutral' } as const;

const COLUMNS: Column<User>[] = [
  { header: 'Username', cell: (u) => u.username, className: 'font-medium' },
  { header: 'Role', cell: (u) => <Badge tone={ROLE_TONE[u.role]}>{u.role}</Badge> },
  {
    header: 'Status',
    cell: (u) => (u.disabled ? <Badge tone="warning">disabled</Badge> : <Badge tone="success">active</Badge>),
  },
  { header: 'Created', cell: (u) => formatDate(u.created_at), wideOnly: true },
];

function UserList() {
  const users = useUsers(useCan('user.manage'));
  const me = useMe();
  const update = useUpdateUser();
  const del = useDeleteUser();
  const [editing, setEditing] = useState<User>();
  const [disabling, setDisabling] = useState<User>();
  const [deleting, setDeleting] = useState<User>();

  return (
    <>
      <QueryView query={users} empty={{ title: 'No users' }}>
        {(rows) => (
          <DataTable
            label="Users"
            rows={rows}
            columns={COLUMNS}
            rowKey={(u) => u.id}
            actions={(u) => (
              <>
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Edit ${u.username}`}
                  onClick={() => setEditing(u)}
                >
                  <Pencil />
                </Button>
                {u.disabled ? (
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label={`Enable ${u.username}`}
                    onClick={() => update.mutate({ id: u.id, username: u.username, disabled: false })}
                  >
                    <CheckCircle2 />
                  </Button>
                ) : (
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label={`Disable ${u.username}`}
                    disabled={u.id === me.data?.user_id}
                    onClick={() => setDisabling(u)}
                  >
                    <Ban />
                  </Button>
                )}
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Delete ${u.username}`}
                  disabled={u.id === me.data?.user_id}
                  onClick={() => setDeleting(u)}
                >
                  <Trash2 className="text-destructive" />
                </Button>
              </>
            )}
          />
        )}
      </QueryView>
      <EditUserDialog user={editing} onClose={() => setEditing(undefined)} />
      <ConfirmDialog
        open={!!disabling}
        onOpenChange={(o) => !o && setDisabling(undefined)}
        title={`Disable ${disabling?.username ?? ''}?`}
        description="They can't sign in and their sessions end; their API tokens stop working until enabled again."
        confirmLabel="Disable user"
        onConfirm={() =>
          disabling && update.mutate({ id: disabling.id, username: disabling.username, disabled: true })
        }
      />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(undefined)}
        title={`Delete ${deleting?.username ?? ''}?`}
        description="The user and all their API tokens are removed. The audit log keeps their actions."
        confirmLabel="Delete user"
        onConfirm={() => deleting && del.mutate({ id: deleting.id, username: deleting.username })}
      />
    </>
  );
}

export default function UsersPage() {
  const [createOpen, setCreateOpen] = useState(false);
  const canManage = useCan('user.manage');
  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in, and with which role."
        actions={
          canManage && (
            <Button onClick={() => setCreateOpen(true)}>
              <Plus aria-hidden /> Create user
            </Button>
          )
        }
      />
      <RequireCapability do="user.manage" what="manage users">
        <UserList />
      </RequireCapability>
      <CreateUserDialog open={createOpen} onOpenChange={setCreateOpen} />
    </>
  );
}
