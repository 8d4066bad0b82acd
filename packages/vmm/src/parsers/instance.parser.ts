// GET / (instance information) and GET /version.
import { action, parser } from './parsed-request.js';

export const parseGetInstanceInfo = parser(() => action({ kind: 'GetVmInstanceInfo' }));

export const parseGetVersion = parser(() => action({ kind: 'GetVmmVersion' }));
