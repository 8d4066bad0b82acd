'use client';
// Settings kept in this browser: API base URL, WebSocket base, theme, refresh interval, default VM size.
import { type FormEvent, useEffect, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { useSettings } from '@/hooks/use-settings';
import { DEFAULT_SETTINGS, type Settings, type Theme } from '@/lib/settings';
import { MIN_MEM_MIB } from '@/lib/vm-validation';

export default function SettingsPage() {
  const [settings, save] = useSettings();
  const [draft, setDraft] = useState<Settings>(settings);
  useEffect(() => setDraft(settings), [settings]);
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save({
      ...draft,
      apiBaseUrl: draft.apiBaseUrl.trim() || DEFAULT_SETTINGS.apiBaseUrl,
      refreshIntervalSec: Math.max(
        5,
        Math.round(draft.refreshIntervalSec) || DEFAULT_SETTINGS.refreshIntervalSec,
      ),
      defaultVcpu: Math.max(1, Math.round(draft.defaultVcpu) || 1),
      defaultMemMib: Math.max(MIN_MEM_MIB, Math.round(draft.defaultMemMib) || MIN_MEM_MIB),
    });
    toast.success('Settings saved');
  };

  return (
    <>
      <PageHeader title="Settings" description="Stored in this browser only." />
      <form onSubmit={submit} className="grid max-w-3xl gap-4">
        <Card>
          <CardHeader>
            <CardTitle>Connection</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            <Field label="API base URL" hint="Default /api/proxy/v1 (this web app forwards to the manager).">
              <Input value={draft.apiBaseUrl} onChange={(e) => set('apiBaseUrl', e.target.value)} />
            </Field>
            <Field
              label="WebSocket base URL"
              hint="Empty: NEXT_PUBLIC_WS_BASE_URL, else this host on port 18080."
            >
              <Input
                value={draft.wsBaseUrl}
                placeholder="ws://localhost:18080"
                onChange={(e) => set('wsBaseUrl', e.target.value)}
              />
            </Field>
            <Field label="Refresh interval (seconds)" hint="Polling used when live events are unavailable.">
              <Input
                type="number"
                min={5}
                value={draft.refreshIntervalSec}
                onChange={(e) => set('refreshIntervalSec', Number(e.target.value))}
              />
            </Field>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Appearance and defaults</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-3">
            <Field label="Theme">
              <Select value={draft.theme} onChange={(e) => set('theme', e.target.value as Theme)}>
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </Select>
            </Field>
            <Field label="Default vCPUs">
              <Input
                type="number"
                min={1}
                value={draft.defaultVcpu}
                onChange={(e) => set('defaultVcpu', Number(e.target.value))}
              />
            </Field>
            <Field label="Default memory (MiB)">
              <Input
                type="number"
                min={MIN_MEM_MIB}
                step={128}
                value={draft.defaultMemMib}
                onChange={(e) => set('defaultMemMib', Number(e.target.value))}
              />
            </Field>
          </CardContent>
        </Card>
        <div className="flex gap-2">
          <Button type="submit">Save settings</Button>
          <Button variant="outline" onClick={() => setDraft(DEFAULT_SETTINGS)}>
            Reset to defaults
          </Button>
        </div>
      </form>
    </>
  );
}
