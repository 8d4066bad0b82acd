// /vms/create: the create-VM wizard.

import { PageHeader } from '@/components/ui/page-header';
import { CreateVmWizard } from '@/components/wizard/CreateVmWizard';

export default function CreateVmPage() {
  return (
    <>
      <PageHeader title="Create VM" description="Four steps: basics, boot, advanced, review." />
      <CreateVmWizard />
    </>
  );
}
