// Create a user, and edit one (role, new password): both admin-only, both checked before they are sent.
import type { Role, User } from '@nqvm/client';
import { type ComponentProps, useEffect, useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Input, PasswordInput, Select } from '@/components/ui/input';
import { useCreateUser, useUpdateUser } from '@/hooks/use-users';
import { ROLES } from '@/lib/roles';

/** The manager's rules (schemas/auth.schema.ts), so the form says what's wrong before a 400 does. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const MIN_PASSWORD = 12;
export const PASSWORD_HINT = `At least ${MIN_PASSWORD} characters`;

export function checkUsername(name: string): string | undefined {
  return USERNAME.test(name) ? undefined : '1–64 characters: letters, digits, ".", "_", "@" or "-"';
}

export function checkPassword(password: string): string | undefined {
  return password.length >= MIN_PASSWORD ? undefined : PASSWORD_HINT;
}

/** Passes on the id and aria attributes Field gives it, so the select is labelled "Role". */
function RoleSelect({
  value,
  onChange,
  ...field
}: { value: Role; onChange: (role: Role) => void } & Omit<ComponentProps<'select'>, 'value' | 'onChange'>) {
  return (
    <Select {...field} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </Select>
  );
}

export function CreateUserDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [errors, setErrors] = useState<{ username?: string; password?: string }>({});
  useEffect(() => {
    if (!open) return;
    setUsername('');
    setPassword('');
    setRole('viewer');
    setErrors({});
  }, [open]);

  const submit = () => {
    const next = { username: checkUsername(username), password: checkPassword(password) };
    setErrors(next);
    if (next.username || next.password) return;
    create.mutate({ username, password, role }, { onSuccess: () => onOpenChange(false) });
  };

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create user"
      description="They sign in with this username and password; tell them the password another way."
      submitLabel="Create user"
      pending={create.isPending}
      onSubmit={submit}
    >
      <Field label="Username" error={errors.username}>
        <Input autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
      </Field>
      <Field label="Password" error={errors.password} hint={PASSWORD_HINT}>
        <PasswordInput autoComplete="new-password" value={password} onChange={setPassword} />
      </Field>
      <Field label="Role" hint="viewer reads; operator runs VMs; admin also manages users and images">
        <RoleSelect value={role} onChange={setRole} />
      </Field>
    </FormDialog>
  );
}

export function EditUserDialog({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const update = useUpdateUser();
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    setRole(user?.role ?? 'viewer');
    setPassword('');
    setError(undefined);
  }, [user]);

  const submit = () => {
    if (!user) return;
    const problem = password ? checkPassword(password) : undefined;
    setError(problem);
    if (problem) return;
    update.mutate(
      {
        id: user.id,
        username: user.username,
        ...(role !== user.role ? { role } : {}),
        ...(password ? { password } : {}),
      },
      { onSuccess: onClose },
    );
  };

  return (
    <FormDialog
      open={!!user}
      onOpenChange={(o) => !o && onClose()}
      title={`Edit ${user?.username ?? ''}`}
      description="A new password ends the user's sessions; a lower role also lowers their tokens."
      submitLabel="Save user"
      pending={update.isPending}
      onSubmit={submit}
    >
      <Field label="Role">
        <RoleSelect value={role} onChange={setRole} />
      </Field>
      <Field label="New password (optional)" error={error} hint="Leave empty to keep the current one">
        <PasswordInput autoComplete="new-password" value={password} onChange={setPassword} />
      </Field>
    </FormDialog>
  );
}
