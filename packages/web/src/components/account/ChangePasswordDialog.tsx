'use client';
// "Change password" from the user menu: the signed-in user's own password (POST /v1/auth/password).
import { ManagerApiError } from '@nqvm/client';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { PasswordInput } from '@/components/ui/input';
import { checkPassword, PASSWORD_HINT } from '@/components/users/UserDialogs';
import { api } from '@/lib/api-client';

interface Problems {
  current?: string;
  next?: string;
  again?: string;
  form?: string;
}

/** Where the manager's refusal belongs: a wrong current password next to its field, the rest under the form. */
function problemsOf(err: unknown): Problems {
  if (err instanceof ManagerApiError) {
    if (err.code === 'MVM_ERR_CURRENT_PASSWORD_WRONG')
      return { current: 'This is not your current password' };
    const what = [err.body.error, err.body.fault_message].filter(Boolean).join(': ');
    return { form: err.suggestion ? `${what}. ${err.suggestion}` : what };
  }
  return { form: err instanceof Error ? err.message : String(err) };
}

export function ChangePasswordDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [pending, setPending] = useState(false);
  useEffect(() => {
    if (!open) return;
    setCurrent('');
    setNext('');
    setAgain('');
    setProblems({});
  }, [open]);

  const submit = async () => {
    const found: Problems = {
      ...(current ? {} : { current: 'Type your current password' }),
      ...(checkPassword(next) ? { next: checkPassword(next) } : {}),
      ...(again !== next ? { again: 'The two new passwords differ' } : {}),
    };
    setProblems(found);
    if (Object.keys(found).length) return;
    setPending(true);
    try {
      // Not a React Query mutation: its global handler would toast what belongs next to a field here.
      await api().auth.changePassword(current, next);
      toast.success('Password changed; your other sessions were signed out');
      onOpenChange(false);
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Change password"
      description="Your other signed-in sessions end; this one and your API tokens keep working."
      submitLabel="Change password"
      pendingLabel="Changing…"
      pending={pending}
      onSubmit={() => void submit()}
    >
      <Field label="Current password" error={problems.current}>
        <PasswordInput autoComplete="current-password" value={current} onChange={setCurrent} />
      </Field>
      <Field label="New password" error={problems.next} hint={PASSWORD_HINT}>
        <PasswordInput autoComplete="new-password" value={next} onChange={setNext} />
      </Field>
      <Field label="New password again" error={problems.again}>
        <PasswordInput autoComplete="new-password" value={again} onChange={setAgain} />
      </Field>
      {problems.form && (
        <p role="alert" className="text-sm text-destructive">
          {problems.form}
        </p>
      )}
    </FormDialog>
  );
}
