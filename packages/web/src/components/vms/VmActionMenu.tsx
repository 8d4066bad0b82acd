// The VM page's action menu: lifecycle, snapshot, flush metrics, Ctrl+Alt+Del; destructive ones confirm.

import type { Vm, VmAction } from '@nqvm/client';
import { Camera, ChevronDown, Gauge, Keyboard, Pause, Play, RotateCcw, Square, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { useCan } from '@/hooks/use-auth';
import { useDeleteVM, useVmStatePatch } from '@/hooks/use-vms';
import { CreateSnapshotDialog } from './snapshots/CreateSnapshotDialog';
import { canDo, canSnapshot } from './vm-actions';

type Confirm = 'stop' | 'ctrl-alt-del' | 'delete' | undefined;

const CONFIRM_TEXT = {
  stop: {
    title: 'Stop this VM?',
    body: 'The guest is shut down; unsaved work inside it is lost.',
    label: 'Stop VM',
  },
  'ctrl-alt-del': {
    title: 'Send Ctrl+Alt+Del?',
    body: 'Most guests reboot when they receive it.',
    label: 'Send',
  },
  delete: {
    title: 'Delete this VM?',
    body: 'The VM is stopped if it runs, and its disks, sockets and logs are removed. This cannot be undone.',
    label: 'Delete VM',
  },
} as const;

export function VmActionMenu({ vm }: { vm: Vm }) {
  const router = useRouter();
  const patch = useVmStatePatch();
  const del = useDeleteVM();
  const [confirm, setConfirm] = useState<Confirm>();
  const [snapshotOpen, setSnapshotOpen] = useState(false);
  const run = (action: VmAction) => patch.mutate({ id: vm.id, action });
  const canRun = useCan('vm.lifecycle');
  const canSnap = useCan('snapshot.manage');
  const canDelete = useCan('vm.delete');

  const onConfirm = () => {
    if (confirm === 'delete') del.mutate(vm.id, { onSuccess: () => router.push('/vms') });
    else if (confirm) run(confirm);
  };

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline">
            Actions <ChevronDown aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          {canRun && (
            <>
              <DropdownMenuItem disabled={!canDo('start', vm.state)} onSelect={() => run('start')}>
                <Play /> Start
              </DropdownMenuItem>
              <DropdownMenuItem disabled={!canDo('stop', vm.state)} onSelect={() => setConfirm('stop')}>
                <Square /> Stop
              </DropdownMenuItem>
              <DropdownMenuItem disabled={!canDo('pause', vm.state)} onSelect={() => run('pause')}>
                <Pause /> Pause
              </DropdownMenuItem>
              <DropdownMenuItem disabled={!canDo('resume', vm.state)} onSelect={() => run('resume')}>
                <RotateCcw /> Resume
              </DropdownMenuItem>
              <DropdownMenuSeparator />
            </>
          )}
          {canSnap && (
            <DropdownMenuItem disabled={!canSnapshot(vm.state)} onSelect={() => setSnapshotOpen(true)}>
              <Camera /> Create snapshot
            </DropdownMenuItem>
          )}
          {canRun && (
            <>
              <DropdownMenuItem
                disabled={!canDo('flush-metrics', vm.state)}
                onSelect={() => run('flush-metrics')}
              >
                <Gauge /> Flush metrics
              </DropdownMenuItem>
              <DropdownMenuItem
                disabled={!canDo('ctrl-alt-del', vm.state)}
                onSelect={() => setConfirm('ctrl-alt-del')}
              >
                <Keyboard /> Send Ctrl+Alt+Del
              </DropdownMenuItem>
            </>
          )}
          {canDelete && (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem className="text-destructive" onSelect={() => setConfirm('delete')}>
                <Trash2 /> Delete
              </DropdownMenuItem>
            </>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
      <ConfirmDialog
        open={confirm !== undefined}
        onOpenChange={(open) => !open && setConfirm(undefined)}
        title={confirm ? CONFIRM_TEXT[confirm].title : ''}
        description={confirm ? CONFIRM_TEXT[confirm].body : ''}
        confirmLabel={confirm ? CONFIRM_TEXT[confirm].label : ''}
        onConfirm={onConfirm}
      />
      <CreateSnapshotDialog vmId={vm.id} open={snapshotOpen} onOpenChange={setSnapshotOpen} />
    </>
  );
}
