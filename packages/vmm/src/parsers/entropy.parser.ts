// PUT /entropy: a virtio-rng device.
import type { EntropyDevice } from '@nqvm/fc-api';
import { action, decodeBody, parser, requireBody } from './parsed-request.js';
import { EntropyDeviceConfig } from './schemas.js';

export const parsePutEntropy = parser((input) =>
  action({
    kind: 'SetEntropyDevice',
    config: decodeBody<EntropyDevice>(requireBody(input), EntropyDeviceConfig),
  }),
);
