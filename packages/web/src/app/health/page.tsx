'use client';
// Health: whether the web app reaches the manager, whether its database answers, and live-event status.
import { CheckCircle2, XCircle } from 'lucide-react';
import { LiveIndicator } from '@/components/layout/LiveIndicator';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { ErrorState } from '@/components/ui/states';
import { useHealth } from '@/hooks/use-health';

export default function HealthPage() {
  const health = useHealth();
  return (
    <>
      <PageHeader title="Health" description="The web app, the manager behind it, and its database." />
      <div className="grid gap-4 md:grid-cols-3">
        <Card>
          <CardHeader>
            <CardTitle>Web app</CardTitle>
          </CardHeader>
          <CardContent className="flex items-center gap-2 text-sm">
            <CheckCircle2 className="size-4 text-green-600" aria-hidden /> Serving this page
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Manager</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            {health.isPending ? (
              <Skeleton className="h-5 w-32" />
            ) : health.data?.ok ? (
              <span className="flex items-center gap-2">
                <CheckCircle2 className="size-4 text-green-600" aria-hidden /> Up · database{' '}
                {health.data.db ?? 'unknown'}
              </span>
            ) : (
              <span className="flex items-center gap-2">
                <XCircle className="size-4 text-destructive" aria-hidden /> Down
              </span>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Live events</CardTitle>
          </CardHeader>
          <CardContent>
            <LiveIndicator />
          </CardContent>
        </Card>
      </div>
      {health.error && (
        <div className="mt-4">
          <ErrorState error={health.error} onRetry={() => health.refetch()} />
        </div>
      )}
    </>
  );
}
