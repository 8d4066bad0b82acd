// The coded-error factory fills templates and keeps codes stable.
import { describe, expect, it } from 'vitest';
import { CodedError, defineErrors } from './errors.js';

describe('defineErrors', () => {
  const errors = defineErrors('MVM_ERR', {
    VM_NOT_FOUND: { status: 404, message: 'VM {id} not found', suggestion: 'Check the id {id}' },
  });

  it('fills parameters and prefixes the code', () => {
    const err = errors.VM_NOT_FOUND({ id: 'abc' });
    expect(err).toBeInstanceOf(CodedError);
    expect(err.code).toBe('MVM_ERR_VM_NOT_FOUND');
    expect(err.status).toBe(404);
    expect(err.message).toBe('VM abc not found');
    expect(err.suggestion).toBe('Check the id abc');
  });

  it('leaves unknown placeholders visible rather than inventing values', () => {
    expect(errors.VM_NOT_FOUND().message).toBe('VM {id} not found');
  });
});
