// PUT /boot-source.
import type { BootSource } from '@nqvm/fc-api';
import { action, decodeBody, parser, requireBody } from './parsed-request.js';
import { BootSourceConfig } from './schemas.js';

export const parsePutBootSource = parser((input) =>
  action({
    kind: 'ConfigureBootSource',
    config: decodeBody<BootSource>(requireBody(input), BootSourceConfig),
  }),
);
