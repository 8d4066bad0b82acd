// Add or edit a drive: id, host path or registry volume, flags, and a bandwidth limit in Mbps.

import type { Drive } from '@nqvm/client';
import { useEffect, useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Input, Select } from '@/components/ui/input';
import { useCan } from '@/hooks/use-auth';
import { useCreateVMDrive, useUpdateVMDrive } from '@/hooks/use-drives';
import { useRegistryImages } from '@/hooks/use-images';
import { bucketToMbps, limiterFromMbps, limiterUpdate } from '@/lib/rate-limit';
import { parseMbps, RateLimitField } from './RateLimitField';

interface DriveDialogProps {
  vmId: string;
  drive?: Drive;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

export function DriveDialog({ vmId, drive, open, onOpenChange }: DriveDialogProps) {
  const create = useCreateVMDrive();
  const update = useUpdateVMDrive();
  const volumes = useRegistryImages('data');
  // Raw host paths are an admin-only field (the manager's adminFields).
  const canPaths = useCan('host.paths');
  const [driveId, setDriveId] = useState('');
  const [source, setSource] = useState<'image' | 'path'>('image');
  const [imageId, setImageId] = useState('');
  const [path, setPath] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [mbps, setMbps] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!open) return;
    setDriveId(drive?.drive_id ?? '');
    setSource(drive ? 'path' : 'image');
    setImageId('');
    setPath(drive?.path_on_host ?? '');
    setReadOnly(drive?.is_read_only ?? false);
    setMbps(bucketToMbps(drive?.rate_limiter?.bandwidth)?.toString() ?? '');
    setError(undefined);
  }, [open, drive]);

  const submit = () => {
    const rate = parseMbps(mbps);
    if (rate === 'invalid') return;
    const done = { onSuccess: () => onOpenChange(false) };
    if (drive) {
      // Only what changed: an untouched limit or path is left out of the PATCH.
      const limitUpdate = limiterUpdate(drive.rate_limiter, rate);
      const patch = {
        ...(limitUpdate !== undefined ? { rate_limiter: limitUpdate } : {}),
        ...(path && path !== drive.path_on_host ? { path_on_host: path } : {}),
      };
      if (Object.keys(patch).length === 0) return onOpenChange(false);
      update.mutate({ vmId, driveId: drive.id, drive: patch }, done);
      return;
    }
    const rate_limiter = limiterFromMbps(rate);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(driveId)) return setError('Use 1–64 letters, digits, _ or -');
    create.mutate(
      {
        vmId,
        drive: {
          drive_id: driveId,
          is_root_device: false,
          is_read_only: readOnly,
          ...(source === 'image' ? { image_id: imageId } : { path_on_host: path }),
          ...(rate_limiter ? { rate_limiter } : {}),
        },
      },
      done,
    );
  };

  const pending = create.isPending || update.isPending;
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={drive ? `Edit drive ${drive.drive_id}` : 'Add drive'}
      description="Changes apply live when the VM can take them, otherwise at its next start."
      submitLabel={drive ? 'Save drive' : 'Add drive'}
      pending={pending}
      onSubmit={submit}
    >
      {!drive && (
        <>
          <Field label="Drive ID" error={error} hint="Guest-visible id, e.g. data-1">
            <Input value={driveId} onChange={(e) => setDriveId(e.target.value)} required />
          </Field>
          <Field label="Source">
            <Select value={source} onChange={(e) => setSource(e.target.value as 'image' | 'path')}>
              <option value="image">Data volume from the registry</option>
              {canPaths && <option value="path">Path on host</option>}
            </Select>
          </Field>
        </>
      )}
      {!drive && source === 'image' ? (
        <Field
          label="Data volume"
          hint={volumes.data?.length === 0 ? 'No data volumes: create one in Registry' : undefined}
        >
          <Select value={imageId} onChange={(e) => setImageId(e.target.value)} required>
            <option value="">Choose a volume…</option>
            {volumes.data?.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : canPaths ? (
        <Field label="Path on host">
          <Input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            required={!drive}
            placeholder="/srv/volumes/data.ext4"
          />
        </Field>
      ) : null}
      {!drive && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />{' '}
          Read-only
        </label>
      )}
      <RateLimitField label="Bandwidth limit (Mbps)" value={mbps} onChange={setMbps} />
    </FormDialog>
  );
}
