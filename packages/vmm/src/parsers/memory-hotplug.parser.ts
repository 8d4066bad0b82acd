// GET, PUT and PATCH /hotplug/memory (virtio-mem).
import type { MemoryHotplugConfig as Config, MemoryHotplugSizeUpdate as SizeUpdate } from '@nqvm/fc-api';
import { action, decodeBody, parser, requireBody } from './parsed-request.js';
import { MemoryHotplugConfig, MemoryHotplugSizeUpdate } from './schemas.js';

export const parseGetMemoryHotplug = parser(() => action({ kind: 'GetMemoryHotplugStatus' }));

export const parsePutMemoryHotplug = parser((input) =>
  action({
    kind: 'SetMemoryHotplugDevice',
    config: decodeBody<Config>(requireBody(input), MemoryHotplugConfig),
  }),
);

export const parsePatchMemoryHotplug = parser((input) =>
  action({
    kind: 'UpdateMemoryHotplugSize',
    update: decodeBody<SizeUpdate>(requireBody(input), MemoryHotplugSizeUpdate),
  }),
);
