// How the browser-side /docs page authenticates the fetch of the OpenAPI document and "Try it out".
// Browsers cannot put a header on a link, so (as Proxmox and Incus do for their API viewers) the page
// is public and the data is not: the web UI opens /docs#ticket=<single-use ticket> (a fragment never
// reaches a server or its logs; a query would also break Swagger UI's relative ./json URL), and anyone
// else is asked once for a token, kept in sessionStorage (never in the URL, never in a cookie).

/**
 * Runs in the browser, inside Swagger UI (serialized with Function#toString by @fastify/swagger-ui):
 * it must not reference anything outside its own body.
 */
export function docsRequestInterceptor(req: { url: string; headers: Record<string, string> }) {
  const KEY = 'nqvm-docs-token';
  const ticket = /^#ticket=([^&]+)/.exec(window.location.hash)?.[1];
  const isSpec = /\/docs\/json(\?|$)/.test(req.url);
  if (isSpec && ticket) {
    // Single use: drop it from the address bar so a reload asks for a token instead of failing.
    window.history.replaceState(null, '', window.location.href.split('#')[0] ?? '');
    req.url += `${req.url.includes('?') ? '&' : '?'}ticket=${ticket}`;
    return req;
  }
  if (req.headers.Authorization || req.headers.authorization) return req;
  let token = window.sessionStorage.getItem(KEY);
  if (!token && isSpec) {
    token = window.prompt('nqvm API token (a viewer token is enough to read the API reference)') ?? '';
    if (token) window.sessionStorage.setItem(KEY, token.trim());
  }
  if (token) req.headers.Authorization = `Bearer ${token.trim()}`;
  return req;
}

declare const window: {
  location: { href: string; hash: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
  prompt(message: string): string | null;
};
