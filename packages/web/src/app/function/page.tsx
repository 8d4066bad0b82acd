// Functions: what running functions in microVMs will do, until the manager has the capability.
import { FunctionSquare } from 'lucide-react';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';

const PLANNED = [
  'Upload a function (a script or a small binary) with its runtime image.',
  'Invoke it over HTTP: nqvm boots a microVM from a warm snapshot, runs the function, returns its output.',
  'Keep a pool of paused VMs per function so calls start in milliseconds.',
  'See invocations, durations and logs per function.',
];

export default function FunctionsPage() {
  return (
    <>
      <PageHeader title="Functions" description="Run functions in lightweight microVMs." />
      <Card className="max-w-2xl">
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <FunctionSquare className="size-4 text-primary" aria-hidden /> Not available yet
          </CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          <p>The manager does not offer functions yet. When it does, this page will let you:</p>
          <ul className="list-disc space-y-1 pl-5">
            {PLANNED.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p className="text-muted-foreground">
            Today the same building blocks are there by hand: create a VM, snapshot it, and restore the
            snapshot into new VMs from its Snapshots tab.
          </p>
        </CardContent>
      </Card>
    </>
  );
}
