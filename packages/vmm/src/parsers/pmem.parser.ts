// PUT and PATCH /pmem/{id}.
import type { PartialPmem, Pmem } from '@nqvm/fc-api';
import { action, checkedId, decodeBody, parser, RequestError, requireBody } from './parsed-request.js';
import { PmemConfig, PmemDeviceUpdateConfig } from './schemas.js';

const MISMATCH = 'The id from the path does not match the id from the body!';

export const parsePutPmem = parser((input) => {
  const id = checkedId(input.params[0]);
  const config = decodeBody<Pmem>(requireBody(input), PmemConfig);
  if (config.id !== id) throw new RequestError(MISMATCH);
  return action({ kind: 'InsertPmemDevice', config });
});

export const parsePatchPmem = parser((input) => {
  const id = checkedId(input.params[0]);
  const update = decodeBody<PartialPmem>(requireBody(input), PmemDeviceUpdateConfig);
  if (update.id !== id) throw new RequestError(MISMATCH);
  return action({ kind: 'UpdatePmemDevice', update });
});
