// Import an image three ways: register a host path, download from a URL (in the background), or upload a file.

import type { ImageKind } from '@nqvm/client';
import { useEffect, useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Input, Select } from '@/components/ui/input';
import { Progress } from '@/components/ui/progress';
import { useImportRegistryImage, useUploadRegistryImage } from '@/hooks/use-images';

type Method = 'path' | 'url' | 'upload';
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

export function ImportImageDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [progress, setProgress] = useState<number>();
  const importImage = useImportRegistryImage();
  const upload = useUploadRegistryImage(setProgress);
  const [method, setMethod] = useState<Method>('path');
  const [kind, setKind] = useState<ImageKind>('rootfs');
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!open) return;
    setName('');
    setPath('');
    setUrl('');
    setFile(undefined);
    setProgress(undefined);
    setError(undefined);
  }, [open]);

  const submit = () => {
    if (!LABEL.test(name))
      return setError('3–64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');
    setError(undefined);
    const done = { onSuccess: () => onOpenChange(false) };
    if (method === 'upload') {
      if (!file) return;
      setProgress(0);
      upload.mutate({ kind, name, file }, { ...done, onError: () => setProgress(undefined) });
    } else importImage.mutate(method === 'url' ? { kind, name, url } : { kind, name, path }, done);
  };

  const busy = importImage.isPending || upload.isPending;
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Import image"
      description="Host paths must be under the manager's MANAGER_IMAGE_ROOT."
      submitLabel="Import"
      pending={busy}
      pendingLabel="Importing…"
      onSubmit={submit}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Import from">
          <Select value={method} onChange={(e) => setMethod(e.target.value as Method)}>
            <option value="path">Host path</option>
            <option value="url">URL</option>
            <option value="upload">File upload</option>
          </Select>
        </Field>
        <Field label="Image type">
          <Select value={kind} onChange={(e) => setKind(e.target.value as ImageKind)}>
            <option value="kernel">kernel</option>
            <option value="initrd">initrd</option>
            <option value="rootfs">rootfs</option>
            <option value="data">data</option>
          </Select>
        </Field>
      </div>
      <Field label="Image name" error={error}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="alpine-3.18" required />
      </Field>
      {method === 'path' && (
        <Field label="Host path">
          <Input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/srv/images/rootfs.ext4"
            required
          />
        </Field>
      )}
      {method === 'url' && (
        <Field label="URL" hint="The manager downloads it; progress shows in the list.">
          <Input
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://…"
            required
          />
        </Field>
      )}
      {method === 'upload' && (
        <Field label="File">
          <Input type="file" onChange={(e) => setFile(e.target.files?.[0])} required />
        </Field>
      )}
      {progress !== undefined && <Progress value={progress} label="Upload progress" />}
    </FormDialog>
  );
}
