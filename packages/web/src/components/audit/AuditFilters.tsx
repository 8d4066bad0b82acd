// The audit page's filter form: actor (exact), action (contains), target, result, time range.
import { type FormEvent, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';

export interface AuditFilterForm {
  actor: string;
  action: string;
  target: string;
  result: '' | 'ok' | 'error';
  since: string;
  until: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterForm = {
  actor: '',
  action: '',
  target: '',
  result: '',
  since: '',
  until: '',
};

export function AuditFilters({ onApply }: { onApply: (form: AuditFilterForm) => void }) {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const set = (patch: Partial<AuditFilterForm>) => setForm((f) => ({ ...f, ...patch }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(form);
  };
  const reset = () => {
    setForm(EMPTY_AUDIT_FILTER);
    onApply(EMPTY_AUDIT_FILTER);
  };

  return (
    <form
      onSubmit={submit}
      aria-label="Audit filters"
      className="mb-4 grid gap-3 rounded-lg border p-3 sm:grid-cols-2 lg:grid-cols-3"
    >
      <Field label="Actor">
        <Input value={form.actor} onChange={(e) => set({ actor: e.target.value })} placeholder="ann" />
      </Field>
      <Field label="Action contains">
        <Input
          value={form.action}
          onChange={(e) => set({ action: e.target.value })}
          placeholder="POST /v1/users"
        />
      </Field>
      <Field label="Target">
        <Input value={form.target} onChange={(e) => set({ target: e.target.value })} placeholder="id" />
      </Field>
      <Field label="Result">
        <Select
          value={form.result}
          onChange={(e) => set({ result: e.target.value as AuditFilterForm['result'] })}
        >
          <option value="">Any</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
        </Select>
      </Field>
      <Field label="Since">
        <Input type="datetime-local" value={form.since} onChange={(e) => set({ since: e.target.value })} />
      </Field>
      <Field label="Until">
        <Input type="datetime-local" value={form.until} onChange={(e) => set({ until: e.target.value })} />
      </Field>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-3">
        <Button type="submit" size="sm">
          Apply filters
        </Button>
        <Button type="button" size="sm" variant="outline" onClick={reset}>
          Reset
        </Button>
      </div>
    </form>
  );
}
