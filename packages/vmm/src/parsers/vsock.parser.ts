// PUT /vsock.
import type { Vsock } from '@nqvm/fc-api';
import { action, decodeBody, parser, requireBody } from './parsed-request.js';
import { VsockDeviceConfig } from './schemas.js';

export const parsePutVsock = parser((input) => {
  const config = decodeBody<Vsock>(requireBody(input), VsockDeviceConfig);
  const deprecation = config.vsock_id === undefined ? undefined : 'PUT /vsock: vsock_id field is deprecated.';
  return action({ kind: 'SetVsockDevice', config }, deprecation);
});
