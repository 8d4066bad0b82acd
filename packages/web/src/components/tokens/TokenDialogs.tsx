// Create an API token (name, role up to yours, expiry), then show its secret once with a copy button.
import type { CreatedApiToken, Role } from '@nqvm/client';
import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Input, Select } from '@/components/ui/input';
import { useCreateToken } from '@/hooks/use-tokens';
import { rolesUpTo } from '@/lib/roles';

/** Expiry choices in days; 0 = never. */
const EXPIRY_DAYS = [0, 1, 7, 30, 90, 365] as const;

export function expiresAt(days: number, now = Date.now()): string | undefined {
  return days > 0 ? new Date(now + days * 86_400_000).toISOString() : undefined;
}

export function CreateTokenDialog({
  open,
  onOpenChange,
  ownRole,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  ownRole: Role;
  onCreated: (token: CreatedApiToken) => void;
}) {
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(ownRole);
  const [days, setDays] = useState(30);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!open) return;
    setName('');
    setRole(ownRole);
    setDays(30);
    setError(undefined);
  }, [open, ownRole]);

  const submit = () => {
    if (!name.trim() || name.length > 128) return setError('1–128 characters, e.g. "ci-deploy"');
    setError(undefined);
    const expires = expiresAt(days);
    create.mutate(
      { name: name.trim(), role, ...(expires ? { expires_at: expires } : {}) },
      {
        onSuccess: (token) => {
          onOpenChange(false);
          onCreated(token);
        },
      },
    );
  };

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create API token"
      description="For scripts and the CLI. It acts as you, with at most your role."
      submitLabel="Create token"
      pending={create.isPending}
      onSubmit={submit}
    >
      <Field label="Token name" error={error}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="ci-deploy" />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Token role">
          <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {rolesUpTo(ownRole).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Expires">
          <Select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {EXPIRY_DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 0 ? 'Never' : d === 1 ? 'In 1 day' : `In ${d} days`}
              </option>
            ))}
          </Select>
        </Field>
      </div>
    </FormDialog>
  );
}

/** The secret, once: it is not stored anywhere the UI could show it again. */
export function TokenSecretDialog({
  token,
  onClose,
}: {
  token: CreatedApiToken | undefined;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the copy state whenever another token is shown
  useEffect(() => setCopied(false), [token]);
  const copy = async () => {
    if (!token) return;
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied(true);
    } catch {
      // No clipboard (plain http, or refused): select the text so Ctrl+C works.
      (document.getElementById('token-secret') as HTMLInputElement | null)?.select();
    }
  };
  return (
    <Dialog open={!!token} onOpenChange={(o) => !o && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Token {token?.name} created</DialogTitle>
          <DialogDescription>
            Copy the secret now: it is shown only this once. Anyone who has it acts as you ({token?.role}).
          </DialogDescription>
        </DialogHeader>
        <div className="flex gap-2">
          <Input
            id="token-secret"
            aria-label="Token secret"
            readOnly
            value={token?.token ?? ''}
            className="font-mono text-xs"
            onFocus={(e) => e.target.select()}
          />
          <Button type="button" variant="outline" onClick={copy} aria-label="Copy token secret">
            {copied ? <Check aria-hidden /> : <Copy aria-hidden />} {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
        <DialogFooter>
          <Button onClick={onClose}>Done</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
