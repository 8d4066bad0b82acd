// PATCH /vm (pause/resume) and GET /vm/config.
import { action, decodeBody, parser, requireBody } from './parsed-request.js';
import { VmState } from './schemas.js';

export const parsePatchVm = parser((input) => {
  const { state } = decodeBody<{ state: 'Paused' | 'Resumed' }>(requireBody(input), VmState);
  return action({ kind: state === 'Paused' ? 'Pause' : 'Resume' });
});

export const parseGetVmConfig = parser(() => action({ kind: 'GetFullVmConfig' }));
