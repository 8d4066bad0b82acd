// PUT /serial.
import type { SerialDevice } from '@nqvm/fc-api';
import { action, decodeBody, parser, requireBody } from './parsed-request.js';
import { SerialConfig } from './schemas.js';

export const parsePutSerial = parser((input) =>
  action({ kind: 'ConfigureSerial', config: decodeBody<SerialDevice>(requireBody(input), SerialConfig) }),
);
