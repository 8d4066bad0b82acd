// What the web UI needs from the client: proxy base URL, token read per call, 401 hook, non-JSON error
// bodies as typed errors, and upload progress through XMLHttpRequest.
import { describe, expect, it } from 'vitest';
import { createManagerClient, ManagerApiError } from './client.js';
import type { XhrLike } from './upload.js';

function answering(status: number, text: string, statusText = '') {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(text, { status, statusText });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as ManagerApiError,
  );

describe('client in a browser', () => {
  it('calls the web proxy path with the current token and the extra request options', async () => {
    const { calls, fetchImpl } = answering(200, '{"items":[]}');
    let current = 'first';
    const api = createManagerClient({
      baseUrl: '/api/proxy/v1',
      token: () => current,
      fetch: fetchImpl,
      requestInit: { cache: 'no-store' },
    });
    await api.hosts.list();
    current = 'second';
    await api.health().catch(() => undefined);
    expect(calls.map((c) => c.url)).toEqual(['/api/proxy/v1/hosts', '/api/proxy/health']);
    const auth = calls.map((c) => (c.init.headers as Record<string, string>).authorization);
    expect(auth).toEqual(['Bearer first', 'Bearer second']);
    expect(calls[0]?.init.cache).toBe('no-store');
  });

  it('sends no Authorization header when the token function returns nothing', async () => {
    const { calls, fetchImpl } = answering(200, '{"items":[]}');
    const api = createManagerClient({ baseUrl: '/api/proxy/v1', token: () => null, fetch: fetchImpl });
    await api.hosts.list();
    expect(calls[0]?.init.headers).not.toHaveProperty('authorization');
  });

  it('calls onUnauthorized with the 401 error, then throws it', async () => {
    const body = { error: 'Unauthorized', suggestion: 'Sign in again', code: 'MVM_ERR_UNAUTHORIZED' };
    const { fetchImpl } = answering(401, JSON.stringify(body));
    const seen: ManagerApiError[] = [];
    const api = createManagerClient({
      baseUrl: '/api/proxy/v1',
      fetch: fetchImpl,
      onUnauthorized: (e) => seen.push(e),
    });
    const err = await errorOf(api.vms.list());
    expect(err).toBeInstanceOf(ManagerApiError);
    expect(seen).toEqual([err]);
    expect(err?.body).toEqual(body);
    // Other failures don't call it.
    const other = createManagerClient({
      baseUrl: '/api/proxy/v1',
      fetch: answering(403, '{"error":"Forbidden"}').fetchImpl,
      onUnauthorized: (e) => seen.push(e),
    });
    await errorOf(other.vms.list());
    expect(seen).toHaveLength(1);
  });
});

describe('error bodies that are not the manager JSON', () => {
  it('turns a proxy HTML 502 page into a typed error with its text', async () => {
    const html =
      '<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';
    const api = createManagerClient({
      baseUrl: '/api/proxy/v1',
      fetch: answering(502, html, 'Bad Gateway').fetchImpl,
    });
    const err = await errorOf(api.vms.get('x'));
    expect(err).toBeInstanceOf(ManagerApiError);
    expect(err?.status).toBe(502);
    expect(err?.body).toEqual({
      error: 'Request failed (502 Bad Gateway)',
      fault_message: '502 Bad Gateway 502 Bad Gateway nginx',
    });
  });

  it('keeps a plain-text body (capped) and copes with an empty one', async () => {
    const text = `upstream timed out ${'x'.repeat(400)}`;
    const api = createManagerClient({ baseUrl: 'http://m', fetch: answering(504, text).fetchImpl });
    const err = await errorOf(api.vms.list());
    expect(err?.body.error).toBe('Request failed (504)');
    expect(err?.body.fault_message).toBe(text.slice(0, 200));
    const empty = createManagerClient({
      baseUrl: 'http://m',
      fetch: answering(500, '', 'Internal').fetchImpl,
    });
    expect((await errorOf(empty.vms.list()))?.body).toEqual({ error: 'Request failed (500 Internal)' });
  });

  it('treats JSON without an error field like any other foreign body', async () => {
    const api = createManagerClient({
      baseUrl: 'http://m',
      fetch: answering(400, '{"message":"nope"}').fetchImpl,
    });
    expect((await errorOf(api.vms.list()))?.body).toEqual({ error: 'Request failed (400)' });
  });

  it('refuses a 200 that is not JSON (a login page served by something else)', async () => {
    const api = createManagerClient({
      baseUrl: 'http://m',
      fetch: answering(200, '<html>Sign in</html>').fetchImpl,
    });
    const err = await errorOf(api.vms.list());
    expect(err).toBeInstanceOf(ManagerApiError);
    expect(err?.body).toMatchObject({ error: 'The answer was not JSON', fault_message: 'Sign in' });
  });
});

/** A stand-in XMLHttpRequest: records what was sent and plays back progress, then an answer. */
function fakeXhr(answer: { status: number; statusText?: string; text: string }) {
  const made: FakeXhr[] = [];
  class FakeXhr implements XhrLike {
    method = '';
    url = '';
    headers: Record<string, string> = {};
    body: unknown;
    upload: XhrLike['upload'] = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    status = 0;
    statusText = '';
    responseText = '';
    constructor() {
      made.push(this);
    }
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    abort() {
      this.onabort?.();
    }
    send(body: unknown) {
      this.body = body;
      queueMicrotask(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 25, total: 100 });
        this.upload.onprogress?.({ lengthComputable: false, loaded: 0, total: 0 });
        this.upload.onprogress?.({ lengthComputable: true, loaded: 100, total: 100 });
        this.status = answer.status;
        this.statusText = answer.statusText ?? '';
        this.responseText = answer.text;
        this.onload?.();
      });
    }
  }
  return { Xhr: FakeXhr, made };
}

describe('image upload with progress', () => {
  it('reports the fraction sent and returns the new id', async () => {
    const { Xhr, made } = fakeXhr({ status: 201, text: '{"id":"img-1"}' });
    const api = createManagerClient({
      baseUrl: '/api/proxy/v1',
      token: 't',
      xhr: Xhr,
      fetch: answering(500, '').fetchImpl,
    });
    const progress: number[] = [];
    const file = new Blob(['bytes']);
    const res = await api.images.upload({ kind: 'data', name: 'disk one' }, file, {
      onProgress: (f) => progress.push(f),
    });
    expect(res).toEqual({ id: 'img-1' });
    expect(progress).toEqual([0.25, 1, 1]);
    expect(made[0]).toMatchObject({
      method: 'POST',
      url: '/api/proxy/v1/images/upload?kind=data&name=disk%20one',
      headers: { authorization: 'Bearer t', 'content-type': 'application/octet-stream' },
      body: file,
    });
  });

  it('maps a failed upload like any other call, 401 hook included', async () => {
    const { Xhr } = fakeXhr({ status: 413, statusText: 'Payload Too Large', text: 'body too big' });
    const api = createManagerClient({ baseUrl: '/api/proxy/v1', xhr: Xhr });
    const err = await errorOf(
      api.images.upload({ kind: 'data', name: 'd' }, new Blob(['x']), { onProgress: () => {} }),
    );
    expect(err?.body).toEqual({
      error: 'Request failed (413 Payload Too Large)',
      fault_message: 'body too big',
    });

    const unauthorized = fakeXhr({ status: 401, text: '{"error":"Unauthorized"}' });
    let called = 0;
    const api401 = createManagerClient({
      baseUrl: '/x/v1',
      xhr: unauthorized.Xhr,
      onUnauthorized: () => called++,
    });
    await errorOf(
      api401.images.upload({ kind: 'data', name: 'd' }, new Blob(['x']), { onProgress: () => {} }),
    );
    expect(called).toBe(1);
  });

  it('streams through fetch when no progress is asked for (Node)', async () => {
    const { calls, fetchImpl } = answering(201, '{"id":"img-2"}');
    const { Xhr, made } = fakeXhr({ status: 500, text: '' });
    const api = createManagerClient({ baseUrl: 'http://m', fetch: fetchImpl, xhr: Xhr });
    expect(await api.images.upload({ kind: 'rootfs', name: 'r' }, new Blob(['x']))).toEqual({ id: 'img-2' });
    expect(made).toHaveLength(0);
    expect(calls[0]?.url).toBe('http://m/v1/images/upload?kind=rootfs&name=r');
  });
});
