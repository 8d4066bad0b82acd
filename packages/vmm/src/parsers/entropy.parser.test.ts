// PUT /entropy.
import { describe, expect, it } from 'vitest';
import { parsePutEntropy } from './entropy.parser.js';

describe('parsePutEntropy', () => {
  it('accepts an empty object and a rate limiter', () => {
    expect(parsePutEntropy({ method: 'PUT', params: [], body: '{}' })).toEqual({
      ok: true,
      action: { kind: 'SetEntropyDevice', config: {} },
    });
    const body = '{"rate_limiter":{"bandwidth":{"size":1000,"refill_time":100}}}';
    expect(parsePutEntropy({ method: 'PUT', params: [], body })).toEqual({
      ok: true,
      action: {
        kind: 'SetEntropyDevice',
        config: { rate_limiter: { bandwidth: { size: 1000, refill_time: 100 } } },
      },
    });
  });

  it('requires token bucket fields', () => {
    expect(
      parsePutEntropy({ method: 'PUT', params: [], body: '{"rate_limiter":{"ops":{"size":1}}}' }),
    ).toMatchObject({
      message:
        'An error occurred when deserializing the json body of a request: missing field `refill_time` at line 1 column 33.',
    });
  });
});
