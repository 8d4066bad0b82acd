// The browser-side interceptor of /docs: ticket from the fragment once, then a pasted token, never both.
import { afterEach, expect, it } from 'vitest';
import { docsRequestInterceptor } from './docs-auth.js';

function fakeWindow(href: string, answer: string | null) {
  const store = new Map<string, string>();
  const w = {
    location: { href, hash: href.includes('#') ? href.slice(href.indexOf('#')) : '' },
    history: {
      replaceState(_d: unknown, _u: string, url: string) {
        w.location.href = url;
        w.location.hash = '';
      },
    },
    sessionStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    },
    prompts: 0,
    prompt() {
      w.prompts++;
      return answer;
    },
  };
  (globalThis as { window?: unknown }).window = w;
  return w;
}
afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

it('sends the ticket from the fragment with the document request, once, and clears it', () => {
  const w = fakeWindow('http://m:18080/docs#ticket=nqvt_abc', 'pasted');
  const first = docsRequestInterceptor({ url: 'http://m:18080/docs/json', headers: {} });
  expect(first.url).toBe('http://m:18080/docs/json?ticket=nqvt_abc');
  expect(first.headers.Authorization).toBeUndefined();
  expect(w.location.href).toBe('http://m:18080/docs');
  // A reload has no ticket left: the page asks for a token instead.
  const second = docsRequestInterceptor({ url: 'http://m:18080/docs/json', headers: {} });
  expect(second.url).toBe('http://m:18080/docs/json');
  expect(second.headers.Authorization).toBe('Bearer pasted');
  expect(w.prompts).toBe(1);
});

it('asks once for a token and reuses it for "Try it out", leaving an explicit Authorization alone', () => {
  const w = fakeWindow('http://m:18080/docs', ' nqvm_tok ');
  expect(docsRequestInterceptor({ url: '/docs/json', headers: {} }).headers.Authorization).toBe(
    'Bearer nqvm_tok',
  );
  expect(docsRequestInterceptor({ url: '/v1/vms', headers: {} }).headers.Authorization).toBe(
    'Bearer nqvm_tok',
  );
  const own = docsRequestInterceptor({ url: '/v1/vms', headers: { Authorization: 'Bearer other' } });
  expect(own.headers.Authorization).toBe('Bearer other');
  expect(w.prompts).toBe(1);
});

it('sends nothing when the user cancels the prompt', () => {
  fakeWindow('http://m:18080/docs', null);
  expect(docsRequestInterceptor({ url: '/docs/json', headers: {} }).headers).toEqual({});
});
