// Sign-in as plain logic: check the form, exchange a password for a session token (or check an API
// token), and say what went wrong next to the right field. The page only renders these states.
import { ManagerApiError } from '@nqvm/client';
import { formatErrorToast } from './error-toast';

export type SignInMode = 'password' | 'token';

export interface SignInForm {
  mode: SignInMode;
  username: string;
  password: string;
  token: string;
}

export type SignInField = 'username' | 'password' | 'token';

export type SignInState =
  | { status: 'idle' }
  | { status: 'submitting' }
  | { status: 'invalid'; errors: Partial<Record<SignInField, string>> }
  | { status: 'failed'; message: string; detail?: string }
  | { status: 'signed-in'; token: string; username: string; role: string };

/** What sign-in needs from the API (the page passes the real client; the tests a stand-in). */
export interface SignInApi {
  login(username: string, password: string): Promise<{ token: string }>;
  /** GET /v1/auth/me with the given token. */
  me(token: string): Promise<{ username: string; role: string }>;
}

export function validateSignIn(form: SignInForm): Partial<Record<SignInField, string>> {
  const errors: Partial<Record<SignInField, string>> = {};
  if (form.mode === 'password') {
    if (!form.username.trim()) errors.username = 'Enter your username';
    if (!form.password) errors.password = 'Enter your password';
  } else if (!form.token.trim()) errors.token = 'Enter the API token';
  return errors;
}

/** 401 means the credentials were wrong; anything else (429, 502, offline) is a problem to explain. */
function failure(err: unknown, form: SignInForm): SignInState {
  if (err instanceof ManagerApiError && err.status === 401) {
    return form.mode === 'password'
      ? { status: 'invalid', errors: { password: 'Wrong username or password, or the user is disabled' } }
      : { status: 'invalid', errors: { token: 'The manager did not accept this token' } };
  }
  const { title, description } = formatErrorToast(err);
  return { status: 'failed', message: title, detail: description };
}

/** Runs one sign-in attempt; the token is only kept once the manager has said who it belongs to. */
export async function signIn(form: SignInForm, client: SignInApi): Promise<SignInState> {
  const errors = validateSignIn(form);
  if (Object.keys(errors).length > 0) return { status: 'invalid', errors };
  try {
    const token =
      form.mode === 'password'
        ? (await client.login(form.username.trim(), form.password)).token
        : form.token.trim();
    const me = await client.me(token);
    return { status: 'signed-in', token, username: me.username, role: me.role };
  } catch (err) {
    return failure(err, form);
  }
}

/** Only same-site paths, so a crafted ?next= can't send the user elsewhere. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/dashboard';
}
