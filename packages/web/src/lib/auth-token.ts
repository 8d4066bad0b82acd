// The API token the user signed in with: kept in localStorage, sent as `Authorization: Bearer`.

const KEY = 'nqvm.token';

export function getToken(): string | null {
  if (typeof window === 'undefined') return null;
  return window.localStorage.getItem(KEY);
}

export function setToken(token: string): void {
  window.localStorage.setItem(KEY, token.trim());
}

export function clearToken(): void {
  window.localStorage.removeItem(KEY);
}

export function authHeaders(): Record<string, string> {
  const token = getToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** A 401 anywhere sends the user to sign in, remembering where they were. */
export function redirectToSignIn(): void {
  if (typeof window === 'undefined' || window.location.pathname === '/signin') return;
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  window.location.assign(`/signin?next=${next}`);
}
