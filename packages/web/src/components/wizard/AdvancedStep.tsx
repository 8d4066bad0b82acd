// Wizard step 3: extra drives (registry data volumes) and extra NICs, attached right after the VM is created.

import type { Image } from '@nqvm/client';
import { Plus, Trash2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input, Label, Select } from '@/components/ui/input';

export interface ExtraDrive {
  drive_id: string;
  image_id: string;
  read_only: boolean;
}

export interface ExtraNic {
  iface_id: string;
}

interface Props {
  drives: ExtraDrive[];
  nics: ExtraNic[];
  volumes: Image[] | undefined;
  onDrives: (drives: ExtraDrive[]) => void;
  onNics: (nics: ExtraNic[]) => void;
}

export function AdvancedStep({ drives, nics, volumes, onDrives, onNics }: Props) {
  const setDrive = (i: number, patch: Partial<ExtraDrive>) =>
    onDrives(drives.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <div className="grid gap-6">
      <section className="grid gap-2">
        <h3 className="text-sm font-semibold">Extra drives</h3>
        {drives.length === 0 && <p className="text-sm text-muted-foreground">Only the root drive.</p>}
        {drives.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no id yet
          <div key={i} className="flex flex-wrap items-end gap-2">
            <div className="grid gap-1">
              <Label htmlFor={`drive-id-${i}`}>Drive ID</Label>
              <Input
                id={`drive-id-${i}`}
                className="w-32"
                value={d.drive_id}
                onChange={(e) => setDrive(i, { drive_id: e.target.value })}
              />
            </div>
            <div className="grid min-w-[10rem] flex-1 gap-1">
              <Label htmlFor={`drive-vol-${i}`}>Data volume</Label>
              <Select
                id={`drive-vol-${i}`}
                value={d.image_id}
                onChange={(e) => setDrive(i, { image_id: e.target.value })}
              >
                <option value="">Choose…</option>
                {volumes?.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}
                  </option>
                ))}
              </Select>
            </div>
            <label className="flex h-9 items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={d.read_only}
                onChange={(e) => setDrive(i, { read_only: e.target.checked })}
              />{' '}
              Read-only
            </label>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Remove drive ${d.drive_id || i + 1}`}
              onClick={() => onDrives(drives.filter((_, j) => j !== i))}
            >
              <Trash2 />
            </Button>
          </div>
        ))}
        <Button
          variant="outline"
          size="sm"
          className="w-fit"
          onClick={() =>
            onDrives([...drives, { drive_id: `data-${drives.length + 1}`, image_id: '', read_only: false }])
          }
        >
          <Plus aria-hidden /> Add drive
        </Button>
      </section>
      <section className="grid gap-2">
        <h3 className="text-sm font-semibold">Extra network interfaces</h3>
        <p className="text-sm text-muted-foreground">
          eth0 on the host bridge is always created; add more here.
        </p>
        {nics.map((n, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no id yet
          <div key={i} className="flex items-end gap-2">
            <div className="grid gap-1">
              <Label htmlFor={`nic-id-${i}`}>Interface ID</Label>
              <Input
                id={`nic-id-${i}`}
                className="w-32"
                value={n.iface_id}
                onChange={(e) => onNics(nics.map((x, j) => (j === i ? { iface_id: e.target.value } : x)))}
              />
            </div>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Remove interface ${n.iface_id || i + 1}`}
              onClick={() => onNics(nics.filter((_, j) => j !== i))}
            >
              <Trash2 />
            </Button>
          </div>
        ))}
        <Button
          variant="outline"
          size="sm"
          className="w-fit"
          onClick={() => onNics([...nics, { iface_id: `eth${nics.length + 1}` }])}
        >
          <Plus aria-hidden /> Add interface
        </Button>
      </section>
    </div>
  );
}
