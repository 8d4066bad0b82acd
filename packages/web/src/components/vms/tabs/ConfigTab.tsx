// Configuration tab: machine size, boot artefacts and where the VM came from.

import type { Vm } from '@nqvm/client';
import Link from 'next/link';
import { Card, CardContent } from '@/components/ui/card';
import { formatMib } from '@/lib/format';
import { DetailList } from './OverviewTab';

export function ConfigTab({ vm }: { vm: Vm }) {
  return (
    <Card>
      <CardContent className="pt-4">
        <DetailList
          rows={[
            ['vCPUs', vm.vcpu],
            ['Memory', formatMib(vm.mem_mib)],
            ['Kernel image', vm.kernel_image_id ?? '—'],
            ['Kernel path', vm.kernel_path ?? '—'],
            ['Rootfs image', vm.rootfs_image_id ?? '—'],
            ['Rootfs path', vm.rootfs_path ?? '—'],
            [
              'Template',
              vm.template_id ? (
                <Link key="t" className="underline" href="/templates">
                  {vm.template_id}
                </Link>
              ) : (
                '—'
              ),
            ],
            ['Source snapshot', vm.source_snapshot_id ?? '—'],
            ['TAP device', vm.tap ?? '—'],
            ['API socket', vm.api_sock ?? '—'],
            ['Log path', vm.log_path ?? '—'],
          ]}
        />
      </CardContent>
    </Card>
  );
}
