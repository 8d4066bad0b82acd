// PUT /actions: InstanceStart, SendCtrlAltDel and FlushMetrics.
import { action, decodeBody, parser, requireBody } from './parsed-request.js';
import { ActionBody } from './schemas.js';

type ActionType = 'FlushMetrics' | 'InstanceStart' | 'SendCtrlAltDel';

export const parsePutActions = parser((input) => {
  const { action_type } = decodeBody<{ action_type: ActionType }>(requireBody(input), ActionBody);
  switch (action_type) {
    case 'FlushMetrics':
      return action({ kind: 'FlushMetrics' });
    case 'InstanceStart':
      return action({ kind: 'StartMicroVm' });
    case 'SendCtrlAltDel':
      return action({ kind: 'SendCtrlAltDel' });
  }
});
