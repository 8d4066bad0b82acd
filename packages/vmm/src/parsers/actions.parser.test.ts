// PUT /actions maps each action_type to one action.
import { describe, expect, it } from 'vitest';
import { parsePutActions } from './actions.parser.js';

const put = (body: string) => parsePutActions({ method: 'PUT', params: [], body });

describe('parsePutActions', () => {
  it('maps the three action types', () => {
    expect(put('{"action_type":"InstanceStart"}')).toEqual({ ok: true, action: { kind: 'StartMicroVm' } });
    expect(put('{"action_type":"SendCtrlAltDel"}')).toEqual({ ok: true, action: { kind: 'SendCtrlAltDel' } });
    expect(put('{"action_type":"FlushMetrics"}')).toEqual({ ok: true, action: { kind: 'FlushMetrics' } });
  });

  it('refuses unknown types and fields', () => {
    expect(put('{"action_type":"Reboot"}')).toEqual({
      ok: false,
      status: 400,
      message:
        'An error occurred when deserializing the json body of a request: unknown variant `Reboot`, expected one of `FlushMetrics`, `InstanceStart`, `SendCtrlAltDel` at line 1 column 23.',
    });
    expect(put('{"action_type":"InstanceStart","payload":"x"}')).toMatchObject({
      ok: false,
      message:
        'An error occurred when deserializing the json body of a request: unknown field `payload`, expected `action_type` at line 1 column 40.',
    });
  });
});
