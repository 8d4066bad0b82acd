// PUT and PATCH /drives/{drive_id}.
import type { Drive, PartialDrive } from '@nqvm/fc-api';
import { action, checkedId, decodeBody, parser, RequestError, requireBody } from './parsed-request.js';
import { BlockDeviceConfig, BlockDeviceUpdateConfig } from './schemas.js';

const MISMATCH = 'The id from the path does not match the id from the body!';

export const parsePutDrive = parser((input) => {
  const id = checkedId(input.params[0]);
  const config = decodeBody<Drive>(requireBody(input), BlockDeviceConfig);
  if (config.drive_id !== id) throw new RequestError(MISMATCH);
  return action({ kind: 'InsertBlockDevice', config });
});

export const parsePatchDrive = parser((input) => {
  const id = checkedId(input.params[0]);
  const update = decodeBody<PartialDrive>(requireBody(input), BlockDeviceUpdateConfig);
  if (update.drive_id !== id) throw new RequestError(MISMATCH);
  return action({ kind: 'UpdateBlockDevice', update });
});
