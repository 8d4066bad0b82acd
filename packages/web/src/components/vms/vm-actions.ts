// Which lifecycle actions make sense in which state (mirrors the manager's rules, to disable buttons early).
import type { VmAction } from '@nqvm/client';

const ALLOWED: Record<VmAction, readonly string[]> = {
  start: ['stopped', 'error'],
  stop: ['running', 'paused'],
  pause: ['running'],
  resume: ['paused'],
  'ctrl-alt-del': ['running'],
  'flush-metrics': ['running'],
};

export function canDo(action: VmAction, state: string): boolean {
  return ALLOWED[action].includes(state);
}

export function canSnapshot(state: string): boolean {
  return state === 'running' || state === 'paused';
}
