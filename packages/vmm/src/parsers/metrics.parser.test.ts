// PUT /metrics.
import { describe, expect, it } from 'vitest';
import { parsePutMetrics } from './metrics.parser.js';

describe('parsePutMetrics', () => {
  it('requires metrics_path', () => {
    expect(parsePutMetrics({ method: 'PUT', params: [], body: '{"metrics_path":"/m"}' })).toEqual({
      ok: true,
      action: { kind: 'ConfigureMetrics', config: { metrics_path: '/m' } },
    });
    expect(parsePutMetrics({ method: 'PUT', params: [], body: '{}' })).toMatchObject({
      message:
        'An error occurred when deserializing the json body of a request: missing field `metrics_path` at line 1 column 2.',
    });
  });
});
