// Balloon parsers: config, statistics and free page hinting sub-paths.
import { describe, expect, it } from 'vitest';
import { parseGetBalloon, parsePatchBalloon, parsePutBalloon } from './balloon.parser.js';

describe('balloon parsers', () => {
  it('routes GET sub-paths', () => {
    const get = (...params: string[]) => parseGetBalloon({ method: 'GET', params });
    expect(get()).toEqual({ ok: true, action: { kind: 'GetBalloonConfig' } });
    expect(get('statistics')).toEqual({ ok: true, action: { kind: 'GetBalloonStats' } });
    expect(get('hinting', 'status')).toEqual({ ok: true, action: { kind: 'GetBalloonHintingStatus' } });
    expect(get('hinting')).toEqual({
      ok: false,
      status: 400,
      message: 'Unrecognized GET request path `/hinting/`.',
    });
    expect(get('foo')).toEqual({ ok: false, status: 400, message: 'Unrecognized GET request path `foo`.' });
  });

  it('parses PUT with defaults left to the builder', () => {
    expect(
      parsePutBalloon({ method: 'PUT', params: [], body: '{"amount_mib":1,"deflate_on_oom":true}' }),
    ).toEqual({
      ok: true,
      action: { kind: 'SetBalloonDevice', config: { amount_mib: 1, deflate_on_oom: true } },
    });
  });

  it('parses PATCH on the device, statistics and hinting', () => {
    const patch = (params: string[], body?: string) =>
      parsePatchBalloon(body === undefined ? { method: 'PATCH', params } : { method: 'PATCH', params, body });
    expect(patch([], '{"amount_mib":4}')).toEqual({
      ok: true,
      action: { kind: 'UpdateBalloon', update: { amount_mib: 4 } },
    });
    expect(patch(['statistics'], '{"stats_polling_interval_s":5}')).toEqual({
      ok: true,
      action: { kind: 'UpdateBalloonStatistics', update: { stats_polling_interval_s: 5 } },
    });
    expect(patch(['hinting', 'start'])).toEqual({
      ok: true,
      action: { kind: 'StartFreePageHinting', cmd: {} },
    });
    expect(patch(['hinting', 'stop'])).toEqual({ ok: true, action: { kind: 'StopFreePageHinting' } });
    expect(patch([])).toEqual({ ok: false, status: 400, message: 'Empty PATCH request.' });
    expect(patch(['hinting', 'x'])).toMatchObject({
      message: 'Unrecognized PATCH request path `/hinting/x`.',
    });
  });
});
