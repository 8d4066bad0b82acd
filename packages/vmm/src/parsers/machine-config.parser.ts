// GET, PUT and PATCH /machine-config.
import type { MachineConfiguration } from '@nqvm/fc-api';
import { action, decodeBody, methodError, parser, requireBody } from './parsed-request.js';
import { MachineConfig, MachineConfigUpdate } from './schemas.js';

export const parseGetMachineConfig = parser(() => action({ kind: 'GetVmMachineConfig' }));

export const parsePutMachineConfig = parser((input) => {
  const config = decodeBody<MachineConfiguration>(requireBody(input), MachineConfig);
  const deprecation =
    config.cpu_template === undefined ? undefined : 'PUT /machine-config: cpu_template field is deprecated.';
  return action({ kind: 'SetVmConfiguration', config }, deprecation);
});

export const parsePatchMachineConfig = parser((input) => {
  const update = decodeBody<Partial<MachineConfiguration>>(requireBody(input), MachineConfigUpdate);
  // Firecracker answers a PATCH that changes nothing as if it had no body.
  if (Object.keys(update).length === 0) throw methodError('PATCH');
  const deprecation =
    update.cpu_template === undefined
      ? undefined
      : 'PATCH /machine-config: cpu_template field is deprecated.';
  return action({ kind: 'UpdateMachineConfiguration', update }, deprecation);
});
