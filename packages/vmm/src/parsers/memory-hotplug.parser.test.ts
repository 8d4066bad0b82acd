// GET/PUT/PATCH /hotplug/memory.
import { describe, expect, it } from 'vitest';
import {
  parseGetMemoryHotplug,
  parsePatchMemoryHotplug,
  parsePutMemoryHotplug,
} from './memory-hotplug.parser.js';

describe('memory hotplug parsers', () => {
  it('map to the virtio-mem actions', () => {
    expect(parseGetMemoryHotplug({ method: 'GET', params: [] })).toEqual({
      ok: true,
      action: { kind: 'GetMemoryHotplugStatus' },
    });
    expect(parsePutMemoryHotplug({ method: 'PUT', params: [], body: '{"total_size_mib":1024}' })).toEqual({
      ok: true,
      action: { kind: 'SetMemoryHotplugDevice', config: { total_size_mib: 1024 } },
    });
    expect(
      parsePatchMemoryHotplug({ method: 'PATCH', params: [], body: '{"requested_size_mib":512}' }),
    ).toEqual({
      ok: true,
      action: { kind: 'UpdateMemoryHotplugSize', update: { requested_size_mib: 512 } },
    });
  });
});
