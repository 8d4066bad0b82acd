// GET/PUT/PATCH /mmds (the data store) and PUT /mmds/config.
import type { MmdsConfig as MmdsConfigBody } from '@nqvm/fc-api';
import { action, decodeBody, parser, RequestError, requireBody } from './parsed-request.js';
import { MmdsConfig } from './schemas.js';

export const parseGetMmds = parser(() => action({ kind: 'GetMmds' }));

export const parsePutMmds = parser((input) => {
  const body = requireBody(input);
  const [sub] = input.params;
  if (sub === undefined) return action({ kind: 'PutMmds', data: decodeBody(body, { kind: 'any' }) });
  if (sub === 'config') {
    const config = decodeBody<MmdsConfigBody>(body, MmdsConfig);
    // An absent version means V1, which Firecracker flags as deprecated either way.
    const deprecation =
      config.version === 'V2' ? undefined : 'PUT /mmds/config: V1 is deprecated. Use V2 instead.';
    return action({ kind: 'SetMmdsConfiguration', config }, deprecation);
  }
  throw new RequestError(`Unrecognized PUT request path \`${sub}\`.`);
});

export const parsePatchMmds = parser((input) =>
  action({ kind: 'PatchMmds', data: decodeBody(requireBody(input), { kind: 'any' }) }),
);
