// One boot artefact (kernel or rootfs): a registry image, or (admins) a raw host path when the server allows it.

import type { Image } from '@nqvm/client';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { useCan } from '@/hooks/use-auth';
import type { BootSource } from '@/lib/vm-validation';

interface Props {
  label: string;
  source: BootSource;
  imageId: string;
  path: string;
  images: Image[] | undefined;
  imageError?: string;
  pathError?: string;
  onChange: (patch: { source?: BootSource; imageId?: string; path?: string }) => void;
}

export function BootSourcePicker({
  label,
  source,
  imageId,
  path,
  images,
  imageError,
  pathError,
  onChange,
}: Props) {
  const ready = images?.filter((i) => !i.status || i.status === 'ready');
  const allowPath = useCan('host.paths');
  return (
    <fieldset className="grid gap-3 rounded-md border p-3">
      <legend className="px-1 text-sm font-medium">{label}</legend>
      {allowPath && (
        <div className="flex gap-4 text-sm" role="radiogroup" aria-label={`${label} source`}>
          {(['image', 'path'] as const).map((s) => (
            <label key={s} className="flex items-center gap-1.5">
              <input
                type="radio"
                name={`${label}-source`}
                checked={source === s}
                onChange={() => onChange({ source: s })}
              />
              {s === 'image' ? 'Registry image' : 'Raw path'}
            </label>
          ))}
        </div>
      )}
      {source === 'image' || !allowPath ? (
        <Field
          label={`${label} image`}
          error={imageError}
          hint={ready?.length === 0 ? 'None in the registry yet: import one on the Registry page' : undefined}
        >
          <Select value={imageId} onChange={(e) => onChange({ imageId: e.target.value })}>
            <option value="">Choose…</option>
            {ready?.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : (
        <Field
          label={`${label} path`}
          error={pathError}
          hint="Accepted only when the manager runs with MANAGER_ALLOW_IMAGE_PATHS=1"
        >
          <Input
            value={path}
            placeholder="/srv/images/…"
            onChange={(e) => onChange({ path: e.target.value })}
          />
        </Field>
      )}
    </fieldset>
  );
}
