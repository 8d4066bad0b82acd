// DELETE /drives|pmem|network-interfaces/{id}: Firecracker's undocumented PCI hot-unplug.
import { checkedId, type HotUnplugRequest, type Parser, parser } from './parsed-request.js';

/** The id is checked like any other; whether the unplug can happen is the controller's call. */
export function parseDeleteDevice(device: HotUnplugRequest['device']): Parser {
  return parser((input) => ({ ok: true, hotUnplug: { device, id: checkedId(input.params[0]) } }));
}
