'use client';
import { cn } from '@/lib/cn';
// Shows whether live updates are flowing from the manager's event stream.
import { useLiveStatus } from '@/lib/live-status';

const LABEL = { live: 'Live', connecting: 'Connecting…', offline: 'Offline — polling' } as const;

export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-muted-foreground"
      role="status"
      aria-live="polite"
    >
      <span
        aria-hidden
        className={cn(
          'size-2 rounded-full',
          status === 'live' ? 'bg-green-500' : status === 'connecting' ? 'bg-amber-400' : 'bg-red-500',
        )}
      />
      {LABEL[status]}
    </span>
  );
}
