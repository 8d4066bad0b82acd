// Which lifecycle actions make sense in which state (mirrors the manager's rules, to disable buttons early).
import type { VmAction } from '@/lib/api/types';

const ALLOWED: Record<VmAction, readonly string[]> = {
  start: ['stopped', 'error'],
  stop: ['running', 'paused'],
  pause: ['running'],
  resume: ['paused'],
  ctrl_alt_del: ['running'],
  flush_metrics: ['running'],
};

export function canDo(action: VmAction, state: string): boolean {
  return ALLOWED[action].includes(state);
}

export function canSnapshot(state: string): boolean {
  return state === 'running' || state === 'paused';
}
