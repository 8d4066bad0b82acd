'use client';
import type { Template } from '@nqvm/client';
// /templates: list, create (from scratch or a VM), instantiate into a VM, delete (confirmed).
import { Plus, Rocket, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { CreateTemplateDialog } from '@/components/templates/CreateTemplateDialog';
import { InstantiateTemplateDialog } from '@/components/templates/InstantiateTemplateDialog';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { PageHeader } from '@/components/ui/page-header';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useCan } from '@/hooks/use-auth';
import { useDeleteTemplate, useTemplates } from '@/hooks/use-templates';
import { formatDate, formatMib, shortId } from '@/lib/format';

export default function TemplatesPage() {
  const templates = useTemplates();
  const del = useDeleteTemplate();
  const [createOpen, setCreateOpen] = useState(false);
  const [using, setUsing] = useState<Template>();
  const [deleting, setDeleting] = useState<Template>();
  const canManage = useCan('template.manage');
  const canCreateVm = useCan('vm.create');

  return (
    <>
      <PageHeader
        title="Templates"
        description="Golden VM configurations."
        actions={
          canManage && (
            <Button onClick={() => setCreateOpen(true)}>
              <Plus aria-hidden /> Create template
            </Button>
          )
        }
      />
      {templates.isPending ? (
        <TableSkeleton rows={3} />
      ) : templates.error ? (
        <ErrorState error={templates.error} onRetry={() => templates.refetch()} />
      ) : templates.data.length === 0 ? (
        <EmptyState title="No templates" description="Create one from scratch or from a VM you have tuned." />
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
              <tr>
                <th className="p-2">Name</th>
                <th className="p-2">Size</th>
                <th className="hidden p-2 md:table-cell">Kernel</th>
                <th className="hidden p-2 md:table-cell">Rootfs</th>
                <th className="p-2">Created</th>
                {(canManage || canCreateVm) && <th className="p-2 text-right">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {templates.data.map((t) => (
                <tr key={t.id} className="border-t">
                  <td className="p-2 font-medium">{t.name}</td>
                  <td className="p-2">
                    {t.spec.vcpu} vCPU · {formatMib(t.spec.mem_mib)}
                  </td>
                  <td className="hidden p-2 font-mono text-xs md:table-cell">
                    {t.spec.kernel_path ?? shortId(t.spec.kernel_image_id)}
                  </td>
                  <td className="hidden p-2 font-mono text-xs md:table-cell">
                    {t.spec.rootfs_path ?? shortId(t.spec.rootfs_image_id)}
                  </td>
                  <td className="p-2">{formatDate(t.created_at)}</td>
                  {(canManage || canCreateVm) && (
                    <td className="whitespace-nowrap p-2 text-right">
                      {canCreateVm && (
                        <Button
                          variant="ghost"
                          size="sm"
                          onClick={() => setUsing(t)}
                          aria-label={`Instantiate ${t.name}`}
                        >
                          <Rocket aria-hidden /> Instantiate
                        </Button>
                      )}
                      {canManage && (
                        <Button
                          variant="ghost"
                          size="icon"
                          aria-label={`Delete template ${t.name}`}
                          onClick={() => setDeleting(t)}
                        >
                          <Trash2 className="text-destructive" />
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateTemplateDialog open={createOpen} onOpenChange={setCreateOpen} />
      <InstantiateTemplateDialog template={using} onClose={() => setUsing(undefined)} />
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(undefined)}
        title={`Delete template ${deleting?.name ?? ''}?`}
        description="VMs created from it keep running; only the template is removed."
        confirmLabel="Delete template"
        onConfirm={() => deleting && del.mutate(deleting.id)}
      />
    </>
  );
}
