'use client';
// /vms/create: the create-VM wizard (operators and admins; a viewer is told why it isn't there).
import { RequireCapability } from '@/components/auth/RequireCapability';
import { PageHeader } from '@/components/ui/page-header';
import { CreateVmWizard } from '@/components/wizard/CreateVmWizard';

export default function CreateVmPage() {
  return (
    <>
      <PageHeader title="Create VM" description="Four steps: basics, boot, advanced, review." />
      <RequireCapability do="vm.create" what="create VMs" lenient>
        <CreateVmWizard />
      </RequireCapability>
    </>
  );
}
