// PUT /logger: levels are case-insensitive and canonicalized.
import { describe, expect, it } from 'vitest';
import { parsePutLogger } from './logger.parser.js';

describe('parsePutLogger', () => {
  it('canonicalizes the level', () => {
    expect(
      parsePutLogger({
        method: 'PUT',
        params: [],
        body: '{"log_path":"/l","level":"warn","show_level":true}',
      }),
    ).toEqual({
      ok: true,
      action: { kind: 'ConfigureLogger', config: { log_path: '/l', level: 'Warning', show_level: true } },
    });
  });

  it('refuses an unknown level', () => {
    expect(parsePutLogger({ method: 'PUT', params: [], body: '{"level":"loud"}' })).toMatchObject({
      message:
        'An error occurred when deserializing the json body of a request: Failed to parse string to level filter: loud at line 1 column 16.',
    });
  });
});
