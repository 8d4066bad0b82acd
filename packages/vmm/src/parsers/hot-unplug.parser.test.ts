// DELETE on devices yields a hot-unplug request (checked id), not an action.
import { describe, expect, it } from 'vitest';
import { parseDeleteDevice } from './hot-unplug.parser.js';

describe('parseDeleteDevice', () => {
  it('checks the id and names the device', () => {
    expect(parseDeleteDevice('drive')({ method: 'DELETE', params: ['scratch'] })).toEqual({
      ok: true,
      hotUnplug: { device: 'drive', id: 'scratch' },
    });
    expect(parseDeleteDevice('pmem')({ method: 'DELETE', params: [] })).toEqual({
      ok: false,
      status: 400,
      message: 'The ID cannot be empty.',
    });
  });
});
