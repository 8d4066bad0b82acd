// The one typed API client of the browser: @nqvm/client on the web proxy, with the signed-in token.
import { createManagerClient, type ManagerClient } from '@nqvm/client';
import { getToken, redirectToSignIn } from './auth-token';
import { loadSettings } from './settings';

let current: { baseUrl: string; client: ManagerClient } | undefined;

/** The client for the API base URL in Settings (rebuilt only when that changes). */
export function api(): ManagerClient {
  const baseUrl = loadSettings().apiBaseUrl;
  if (current?.baseUrl !== baseUrl) {
    current = {
      baseUrl,
      client: createManagerClient({
        baseUrl,
        // Read per call: signing in or out changes it without a reload.
        token: getToken,
        // Any 401 (expired session, revoked token) sends the user to sign in, remembering the page.
        onUnauthorized: redirectToSignIn,
        // Every answer is live state; the browser's HTTP cache must never answer for the manager.
        requestInit: { cache: 'no-store' },
      }),
    };
  }
  return current.client;
}

/** A client for one candidate token (sign-in checks it before keeping it); a 401 here redirects nowhere. */
export function clientWithToken(token?: string): ManagerClient {
  return createManagerClient({
    baseUrl: loadSettings().apiBaseUrl,
    ...(token ? { token } : {}),
    requestInit: { cache: 'no-store' },
  });
}
