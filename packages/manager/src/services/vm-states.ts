// The VM state machine: which action is allowed from which state, and what it passes through.
import { errors } from '../errors.js';

export const VM_STATES = [
  'creating',
  'stopped',
  'starting',
  'running',
  'pausing',
  'paused',
  'resuming',
  'stopping',
  'deleting',
  'error',
  'unknown',
] as const;
export type VmState = (typeof VM_STATES)[number];

export const TRANSITIONAL: ReadonlySet<string> = new Set([
  'creating',
  'starting',
  'pausing',
  'resuming',
  'stopping',
  'deleting',
]);

/** States whose VMs hold CPU and memory on their host. */
export const ACTIVE_STATES = ['starting', 'running', 'pausing', 'paused', 'resuming', 'stopping'] as const;

export type VmAction = 'start' | 'stop' | 'pause' | 'resume' | 'ctrl-alt-del' | 'flush-metrics';

interface Rule {
  from: readonly string[];
  /** State while the agent works; absent for actions that don't change state. */
  via?: VmState;
  to?: VmState;
  /** What desired_state becomes, for the reconciler. */
  desired?: 'running' | 'paused' | 'stopped';
  hint: string;
}

export const ACTION_RULES: Record<VmAction, Rule> = {
  start: {
    from: ['stopped', 'error'],
    via: 'starting',
    to: 'running',
    desired: 'running',
    hint: 'VM must be stopped to start',
  },
  stop: {
    from: ['running', 'paused'],
    via: 'stopping',
    to: 'stopped',
    desired: 'stopped',
    hint: 'VM not running',
  },
  pause: {
    from: ['running'],
    via: 'pausing',
    to: 'paused',
    desired: 'paused',
    hint: 'VM must be running to pause',
  },
  resume: {
    from: ['paused'],
    via: 'resuming',
    to: 'running',
    desired: 'running',
    hint: 'VM must be paused to resume',
  },
  'ctrl-alt-del': { from: ['running'], hint: 'VM must be running' },
  'flush-metrics': { from: ['running'], hint: 'VM must be running to flush metrics' },
};

/** The 400 for an action refused in `state`: transitional states say "wait and retry". */
export function wrongState(action: string, state: string, expected: readonly string[]) {
  const detail = `VM state is '${state}', expected '${expected.join("' or '")}'`;
  if (TRANSITIONAL.has(state)) return errors.VM_TRANSITIONING({}, detail);
  const rule = ACTION_RULES[action as VmAction];
  const hint =
    state === rule?.to || (action === 'start' && state === 'running')
      ? `VM already ${state}`
      : (rule?.hint ?? 'Check the VM state');
  return errors.VM_WRONG_STATE({ suggestion: hint }, detail);
}

/** Maps what an agent reports onto our states. */
export function fromAgentState(state: string): VmState {
  switch (state) {
    case 'stopped':
    case 'starting':
    case 'running':
    case 'paused':
    case 'stopping':
    case 'error':
      return state;
    default:
      return 'unknown';
  }
}
