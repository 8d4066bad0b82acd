// Sign-in flow states: form checks, password login, API token check, and errors next to the right field.
import { errorFromResponse, ManagerApiError } from '@nqvm/client';
import { describe, expect, it } from 'vitest';
import { type SignInApi, type SignInForm, safeNext, signIn } from './sign-in';

const form = (over: Partial<SignInForm>): SignInForm => ({
  mode: 'password',
  username: '',
  password: '',
  token: '',
  ...over,
});

/** Records calls and answers like the manager would for one user `ann` (password `pw-123456789`). */
function manager(over: Partial<SignInApi> = {}) {
  const calls: string[] = [];
  const api: SignInApi = {
    login: async (u, p) => {
      calls.push(`login ${u}`);
      if (u === 'ann' && p === 'pw-123456789') return { token: 'session-1' };
      throw new ManagerApiError(401, { error: 'Wrong username or password' });
    },
    me: async (token) => {
      calls.push(`me ${token}`);
      if (token === 'session-1') return { username: 'ann', role: 'operator' };
      if (token === 'api-token') return { username: 'ci', role: 'viewer' };
      throw new ManagerApiError(401, { error: 'Unauthorized' });
    },
    ...over,
  };
  return { api, calls };
}

describe('signIn', () => {
  it('asks for the missing fields without calling the manager', async () => {
    const { api, calls } = manager();
    expect(await signIn(form({ username: ' ' }), api)).toEqual({
      status: 'invalid',
      errors: { username: 'Enter your username', password: 'Enter your password' },
    });
    expect(await signIn(form({ mode: 'token' }), api)).toEqual({
      status: 'invalid',
      errors: { token: 'Enter the API token' },
    });
    expect(calls).toEqual([]);
  });

  it('exchanges username and password for a session token and learns the role', async () => {
    const { api, calls } = manager();
    expect(await signIn(form({ username: ' ann ', password: 'pw-123456789' }), api)).toEqual({
      status: 'signed-in',
      token: 'session-1',
      username: 'ann',
      role: 'operator',
    });
    expect(calls).toEqual(['login ann', 'me session-1']);
  });

  it('puts a wrong password next to the password field', async () => {
    const { api, calls } = manager();
    expect(await signIn(form({ username: 'ann', password: 'nope' }), api)).toEqual({
      status: 'invalid',
      errors: { password: 'Wrong username or password, or the user is disabled' },
    });
    expect(calls).toEqual(['login ann']);
  });

  it('checks an API token before keeping it', async () => {
    const { api } = manager();
    expect(await signIn(form({ mode: 'token', token: ' api-token ' }), api)).toMatchObject({
      status: 'signed-in',
      token: 'api-token',
      role: 'viewer',
    });
    expect(await signIn(form({ mode: 'token', token: 'bad' }), api)).toEqual({
      status: 'invalid',
      errors: { token: 'The manager did not accept this token' },
    });
  });

  it('explains a rate limit or an unreachable manager instead of blaming the password', async () => {
    const limited = manager({
      login: async () => {
        throw errorFromResponse(
          429,
          'Too Many Requests',
          JSON.stringify({ error: 'Too many login attempts', suggestion: 'Wait a minute' }),
        );
      },
    });
    expect(await signIn(form({ username: 'ann', password: 'x' }), limited.api)).toEqual({
      status: 'failed',
      message: 'Too many login attempts',
      detail: 'Wait a minute',
    });
    const offline = manager({
      login: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect(await signIn(form({ username: 'ann', password: 'x' }), offline.api)).toMatchObject({
      status: 'failed',
      message: 'Cannot reach the web server',
    });
  });
});

describe('safeNext', () => {
  it('keeps same-site paths only', () => {
    expect(safeNext('/vms/1?tab=x')).toBe('/vms/1?tab=x');
    expect(safeNext('//evil.example')).toBe('/dashboard');
    expect(safeNext('https://evil.example')).toBe('/dashboard');
    expect(safeNext('/signin')).toBe('/dashboard');
    expect(safeNext(null)).toBe('/dashboard');
  });
});
