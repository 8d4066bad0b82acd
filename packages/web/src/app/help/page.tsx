'use client';
// Help: quick start, common tasks, troubleshooting, and a link to the manager's API reference.
import { ExternalLink } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { useSettings } from '@/hooks/use-settings';
import { api } from '@/lib/api-client';
import { managerPublicUrl } from '@/lib/ws-url';

/**
 * The manager serves /docs publicly but its OpenAPI document only with a credential: hand the page a
 * single-use ticket in the fragment (never sent to a server); without one, the page asks for a token.
 */
async function openDocs(docs: string): Promise<void> {
  const tab = window.open('about:blank', '_blank'); // opened now, inside the click, so it is not blocked
  if (!tab) return;
  tab.opener = null;
  try {
    tab.location.href = `${docs}#ticket=${(await api().tickets.create()).ticket}`;
  } catch {
    tab.location.href = docs;
  }
}

const TASKS: { title: string; steps: string[] }[] = [
  {
    title: 'Create and start a VM',
    steps: [
      'VMs → Create VM',
      'Name it, pick vCPUs and memory',
      'Pick a kernel and rootfs image',
      'Review → Create',
    ],
  },
  {
    title: 'Open a shell',
    steps: [
      'Open the VM',
      'Terminal tab (the VM must be running)',
      'Press Enter if the prompt is not shown yet',
    ],
  },
  {
    title: 'Snapshot and restore',
    steps: [
      'Action menu → Create snapshot (VM running or paused)',
      'Snapshots tab → Restore: a new VM starts from it',
    ],
  },
  {
    title: 'Limit network bandwidth',
    steps: ['Network tab → Edit limits on a NIC', 'Enter RX/TX in Mbps (empty means unlimited) → Save'],
  },
];

const TROUBLE: { problem: string; fix: string }[] = [
  {
    problem: '"Manager unreachable"',
    fix: 'Start it with bin/nqvm up, or set MANAGER_URL for the web app and restart it.',
  },
  {
    problem: 'Sent to the sign-in page',
    fix: 'Your API token is missing or wrong: paste the admin token again.',
  },
  {
    problem: '"VM is currently transitioning"',
    fix: 'Wait for the VM to settle (the badge stops pulsing), then retry.',
  },
  {
    problem: 'Terminal does not connect',
    fix: 'The browser talks to the manager on port 18080 directly: set NEXT_PUBLIC_WS_BASE_URL or the WebSocket URL in Settings.',
  },
  {
    problem: 'Raw kernel/rootfs paths refused',
    fix: 'The manager allows them only with MANAGER_ALLOW_IMAGE_PATHS=1; use registry images otherwise.',
  },
];

export default function HelpPage() {
  const [settings] = useSettings();
  const [docs, setDocs] = useState<string>();
  useEffect(
    () => setDocs(`${managerPublicUrl(settings.wsBaseUrl, window.location)}/docs`),
    [settings.wsBaseUrl],
  );

  return (
    <>
      <PageHeader title="Help" description="Getting started with nqvm." />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Quick start</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            <ol className="list-decimal space-y-1 pl-5">
              <li>
                Run <code>npm run up</code> (or <code>bin/nqvm up</code>): it starts the manager, an agent and
                this UI.
              </li>
              <li>
                <Link className="underline" href="/signin">
                  Sign in
                </Link>{' '}
                with the admin API token it prints.
              </li>
              <li>
                Check{' '}
                <Link className="underline" href="/registry">
                  Registry
                </Link>{' '}
                for a kernel and a rootfs image.
              </li>
              <li>
                <Link className="underline" href="/vms/create">
                  Create a VM
                </Link>{' '}
                and open its Terminal tab.
              </li>
            </ol>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>API reference</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            <p className="mb-2">
              Every action here is a call to the manager&apos;s REST API, documented by the manager itself.
            </p>
            {docs && (
              <a
                className="inline-flex items-center gap-1 underline"
                href={docs}
                target="_blank"
                rel="noreferrer"
                onClick={(e) => {
                  e.preventDefault();
                  void openDocs(docs);
                }}
              >
                Open the API reference ({docs}) <ExternalLink className="size-3" aria-hidden />
              </a>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Common tasks</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-3 text-sm">
            {TASKS.map((t) => (
              <div key={t.title}>
                <p className="font-medium">{t.title}</p>
                <ol className="list-decimal pl-5 text-muted-foreground">
                  {t.steps.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ol>
              </div>
            ))}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Troubleshooting</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="flex flex-col gap-2 text-sm">
              {TROUBLE.map((t) => (
                <div key={t.problem}>
                  <dt className="font-medium">{t.problem}</dt>
                  <dd className="text-muted-foreground">{t.fix}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
