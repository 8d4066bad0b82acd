// Path ids follow Firecracker's checked_id; missing bodies get method_to_error wording.
import { describe, expect, it } from 'vitest';
import { checkedId, methodError, RequestError } from './parsed-request.js';

describe('checkedId', () => {
  it('accepts alphanumerics and underscores, Unicode included', () => {
    expect(checkedId('root_1')).toBe('root_1');
    expect(checkedId('disqueé')).toBe('disqueé');
  });

  it('refuses empty ids and other characters with Firecracker wording', () => {
    expect(() => checkedId('')).toThrow(new RequestError('The ID cannot be empty.'));
    expect(() => checkedId(undefined)).toThrow('The ID cannot be empty.');
    for (const bad of ['a-b', 'a.b', 'a%20b', 'a b']) {
      expect(() => checkedId(bad)).toThrow(
        'API Resource IDs can only contain alphanumeric characters and underscores.',
      );
    }
  });
});

describe('methodError', () => {
  it('words each method like Firecracker', () => {
    expect(methodError('GET').message).toBe('GET request cannot have a body.');
    expect(methodError('PUT').message).toBe('Empty PUT request.');
    expect(methodError('PATCH').message).toBe('Empty PATCH request.');
    expect(methodError('DELETE').message).toBe('Empty Delete request.');
  });
});
