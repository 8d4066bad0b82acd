// A VM's state as a coloured badge; transitional states pulse so "wait" is visible at a glance.
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { cn } from '@/lib/cn';

const TONES: Record<string, BadgeTone> = {
  running: 'success',
  paused: 'warning',
  stopped: 'neutral',
  error: 'danger',
  deleted: 'neutral',
};

const TRANSITIONAL = new Set(['creating', 'starting', 'pausing', 'resuming', 'stopping', 'deleting']);

export function VmStateBadge({ state }: { state: string }) {
  const transitional = TRANSITIONAL.has(state);
  return (
    <Badge
      data-testid="vm-state"
      tone={TONES[state] ?? (transitional ? 'info' : 'neutral')}
      className={cn(transitional && 'animate-pulse')}
    >
      {state}
    </Badge>
  );
}
