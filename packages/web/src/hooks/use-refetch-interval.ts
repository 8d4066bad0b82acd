// Polling interval for list queries: a slow safety net while live events flow, the user's setting otherwise.
import { useLiveStatus } from '@/lib/live-status';
import { useSettings } from './use-settings';

export function useRefetchInterval(): number {
  const [settings] = useSettings();
  const live = useLiveStatus();
  const base = Math.max(5, settings.refreshIntervalSec) * 1000;
  return live === 'live' ? base * 4 : base;
}
