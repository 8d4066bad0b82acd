'use client';
import type { Template } from '@nqvm/client';
// /templates: list, create (from scratch or a VM), instantiate into a VM, delete (confirmed).
import { Plus, Rocket, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { CreateTemplateDialog } from '@/components/templates/CreateTemplateDialog';
import { InstantiateTemplateDialog } from '@/components/templates/InstantiateTemplateDialog';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { type Column, DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { QueryView } from '@/components/ui/query-view';
import { useCan } from '@/hooks/use-auth';
import { useDeleteTemplate, useTemplates } from '@/hooks/use-templates';
import { formatDate, formatMib, shortId } from '@/lib/format';

const COLUMNS: Column<Template>[] = [
  { header: 'Name', cell: (t) => t.name, className: 'font-medium' },
  { header: 'Size', cell: (t) => `${t.spec.vcpu} vCPU · ${formatMib(t.spec.mem_mib)}` },
  {
    header: 'Kernel',
    cell: (t) => t.spec.kernel_path ?? shortId(t.spec.kernel_image_id),
    className: 'font-mono text-xs',
    wideOnly: true,
  },
  {
    header: 'Rootfs',
    cell: (t) => t.spec.rootfs_path ?? shortId(t.spec.rootfs_image_id),
    className: 'font-mono text-xs',
    wideOnly: true,
  },
  { header: 'Created', cell: (t) => formatDate(t.created_at) },
];

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
      <QueryView
        query={templates}
        empty={{ title: 'No templates', description: 'Create one from scratch or from a VM you have tuned.' }}
      >
        {(rows) => (
          <DataTable
            label="Templates"
            rows={rows}
            columns={COLUMNS}
            rowKey={(t) => t.id}
            actions={
              canManage || canCreateVm
                ? (t) => (
                    <>
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
                    </>
                  )
                : undefined
            }
          />
        )}
      </QueryView>
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
