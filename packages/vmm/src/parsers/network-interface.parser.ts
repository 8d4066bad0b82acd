// PUT and PATCH /network-interfaces/{iface_id}.
import type { NetworkInterface, PartialNetworkInterface } from '@nqvm/fc-api';
import { action, checkedId, decodeBody, parser, RequestError, requireBody } from './parsed-request.js';
import { NetworkInterfaceConfig, NetworkInterfaceUpdateConfig } from './schemas.js';

const mismatch = (path: string, body: string) =>
  new RequestError(`The id from the path [${path}] does not match the id from the body [${body}]!`);

export const parsePutNetworkInterface = parser((input) => {
  const id = checkedId(input.params[0]);
  const config = decodeBody<NetworkInterface>(requireBody(input), NetworkInterfaceConfig);
  if (config.iface_id !== id) throw mismatch(id, config.iface_id);
  return action({ kind: 'InsertNetworkDevice', config });
});

export const parsePatchNetworkInterface = parser((input) => {
  const id = checkedId(input.params[0]);
  const update = decodeBody<PartialNetworkInterface>(requireBody(input), NetworkInterfaceUpdateConfig);
  if (update.iface_id !== id) throw mismatch(id, update.iface_id);
  return action({ kind: 'UpdateNetworkInterface', update });
});
