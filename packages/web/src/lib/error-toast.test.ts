// Error toasts show the server's `error` as the title and its `suggestion` (and any extra detail) below,
// for the manager's JSON, a proxy's HTML page and a network failure alike.
import { errorFromResponse, ManagerApiError } from '@nqvm/client';
import { describe, expect, it } from 'vitest';
import { formatErrorToast } from './error-toast';

describe('formatErrorToast', () => {
  it('uses error as title and suggestion plus fault_message as description', () => {
    const err = errorFromResponse(
      400,
      'Bad Request',
      JSON.stringify({
        error: 'Invalid VM name',
        suggestion: 'VM name must be 3-64 characters, alphanumeric + hyphens',
        fault_message: 'Validation failed',
      }),
    );
    expect(formatErrorToast(err)).toEqual({
      title: 'Invalid VM name',
      description: 'VM name must be 3-64 characters, alphanumeric + hyphens — Validation failed',
    });
  });

  it('prefixes the action and drops a fault_message that repeats the title', () => {
    const err = new ManagerApiError(404, { error: 'VM not found', fault_message: 'VM not found' });
    expect(formatErrorToast(err, 'Start VM')).toEqual({
      title: 'Start VM: VM not found',
      description: undefined,
    });
  });

  it('describes non-spec error bodies (a proxy page) by status and text', () => {
    const err = errorFromResponse(502, 'Bad Gateway', '<html><body><h1>Bad Gateway</h1></body></html>');
    expect(err.status).toBe(502);
    expect(formatErrorToast(err)).toEqual({
      title: 'Request failed (502 Bad Gateway)',
      description: 'Bad Gateway',
    });
  });

  it('explains network failures and plain errors', () => {
    expect(formatErrorToast(new TypeError('Failed to fetch'))).toEqual({
      title: 'Cannot reach the web server',
      description: 'Check that the nqvm web app is running and your network is up — Failed to fetch',
    });
    expect(formatErrorToast(new Error('boom'))).toEqual({ title: 'boom' });
    expect(formatErrorToast('weird')).toEqual({ title: 'Something went wrong', description: 'weird' });
  });
});
