// GET/PUT/PATCH /balloon and its statistics and free page hinting sub-paths.
import type { Balloon, BalloonStartCmd, BalloonStatsUpdate, BalloonUpdate } from '@nqvm/fc-api';
import { action, decodeBody, methodError, parser, RequestError, requireBody } from './parsed-request.js';
import {
  BalloonDeviceConfig,
  BalloonUpdateConfig,
  BalloonUpdateStatsConfig,
  StartHintingCmd,
} from './schemas.js';

export const parseGetBalloon = parser(({ params }) => {
  const [sub, hinting] = params;
  if (sub === undefined) return action({ kind: 'GetBalloonConfig' });
  if (sub === 'statistics') return action({ kind: 'GetBalloonStats' });
  if (sub === 'hinting') {
    if (hinting === 'status') return action({ kind: 'GetBalloonHintingStatus' });
    throw new RequestError(`Unrecognized GET request path \`/hinting/${hinting ?? ''}\`.`);
  }
  throw new RequestError(`Unrecognized GET request path \`${sub}\`.`);
});

/** Firecracker ignores anything after `/balloon` on PUT: the body is always a Balloon. */
export const parsePutBalloon = parser((input) =>
  action({ kind: 'SetBalloonDevice', config: decodeBody<Balloon>(requireBody(input), BalloonDeviceConfig) }),
);

export const parsePatchBalloon = parser((input) => {
  const [sub, hinting] = input.params;
  if (sub === 'statistics' && input.body !== undefined) {
    const update = decodeBody<BalloonStatsUpdate>(input.body, BalloonUpdateStatsConfig);
    return action({ kind: 'UpdateBalloonStatistics', update });
  }
  if (sub === 'hinting') {
    if (hinting === 'start') {
      // The body is optional here: no body (or an empty one) means the default command.
      const cmd = input.body ? decodeBody<BalloonStartCmd>(input.body, StartHintingCmd) : {};
      return action({ kind: 'StartFreePageHinting', cmd });
    }
    if (hinting === 'stop') return action({ kind: 'StopFreePageHinting' });
    throw new RequestError(`Unrecognized PATCH request path \`/hinting/${hinting ?? ''}\`.`);
  }
  if (input.body === undefined) throw methodError('PATCH');
  return action({
    kind: 'UpdateBalloon',
    update: decodeBody<BalloonUpdate>(input.body, BalloonUpdateConfig),
  });
});
