// A typed fetch-based client for the manager API: one method per route, errors as ManagerApiError.
import { errorFromResponse, ManagerApiError, notJsonError, parseBody } from './errors.js';
import type {
  ApiToken,
  Applied,
  AuditEntry,
  AuditQuery,
  CreateDriveReq,
  CreatedApiToken,
  CreateNicReq,
  CreateSnapshotReq,
  CreateVmReq,
  CreateVolumeReq,
  Drive,
  Health,
  Host,
  Image,
  ImageKind,
  ImageUploadMeta,
  ImportImageReq,
  LoginResult,
  Me,
  MetricSample,
  Nic,
  RegisterImageReq,
  Role,
  Snapshot,
  Template,
  TemplateSpec,
  Ticket,
  UpdateDriveReq,
  UpdateNicReq,
  User,
  Vm,
  VmAction,
} from './types.js';
import { defaultXhr, type RawAnswer, type XhrConstructor, xhrPost } from './upload.js';

export { ManagerApiError };

export interface ClientOptions {
  /**
   * e.g. `http://localhost:18080` (with or without a trailing `/v1`), or a path on the page's own origin
   * in browsers (the web UI's proxy: `/api/proxy/v1`).
   */
  baseUrl: string;
  /** A fixed token, or a function read on every request (a browser's token can change after sign-in). */
  token?: string | (() => string | null | undefined);
  /** Injected for tests or non-global fetch implementations. */
  fetch?: typeof fetch;
  /** Called with every 401's error before it is thrown: a browser sends the user to sign in. */
  onUnauthorized?: (err: ManagerApiError) => void;
  /** Added to every fetch, e.g. `{cache: 'no-store'}` in browsers (Node 20's fetch refuses `cache`). */
  requestInit?: Pick<RequestInit, 'cache' | 'credentials'>;
  /** Upload transport with progress; defaults to the browser's XMLHttpRequest (absent in Node). */
  xhr?: XhrConstructor;
}

export interface UploadOptions {
  /** Fraction of the body sent, 0–1. Needs XMLHttpRequest (browsers); in Node the upload streams silently. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

type Query = { [key: string]: string | number | undefined };

export function createManagerClient(options: ClientOptions) {
  const root = options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  // Looked up per call, not bound here: tests and pages may install fetch after the client exists.
  const doFetch: typeof fetch = (input, init) => (options.fetch ?? fetch)(input, init);
  const token = (): string | undefined =>
    (typeof options.token === 'function' ? options.token() : options.token) || undefined;

  function url(path: string, query?: Query): string {
    const qs = Object.entries(query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return `${root}${path}${qs ? `?${qs}` : ''}`;
  }

  function headersFor(contentType?: string): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const t = token();
    if (t) headers.authorization = `Bearer ${t}`;
    if (contentType) headers['content-type'] = contentType;
    return headers;
  }

  /** Turns a raw answer into the parsed body, or throws its ManagerApiError (after onUnauthorized). */
  function finish<T>({ status, statusText, text }: RawAnswer): T {
    if (status < 200 || status > 299) {
      const err = errorFromResponse(status, statusText, text);
      if (status === 401) options.onUnauthorized?.(err);
      throw err;
    }
    const parsed = parseBody(text);
    if (!parsed.json) throw notJsonError(status, parsed.value);
    return parsed.value as T;
  }

  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    query?: Query,
    raw?: BodyInit,
  ): Promise<T> {
    const contentType =
      raw !== undefined ? 'application/octet-stream' : body !== undefined ? 'application/json' : undefined;
    const res = await doFetch(url(path, query), {
      ...options.requestInit,
      method,
      headers: headersFor(contentType),
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      ...(raw !== undefined ? { duplex: 'half' } : {}),
    } as RequestInit);
    return finish<T>({ status: res.status, statusText: res.statusText, text: await res.text() });
  }

  /** Image upload: through XMLHttpRequest when progress is asked for and the runtime has it. */
  async function upload(meta: ImageUploadMeta, body: BodyInit, opts: UploadOptions = {}) {
    const Xhr = options.xhr ?? defaultXhr();
    const { onProgress, signal } = opts;
    if (!onProgress || !Xhr) {
      const res = await doFetch(url('/v1/images/upload', { ...meta }), {
        ...options.requestInit,
        method: 'POST',
        headers: headersFor('application/octet-stream'),
        body,
        signal,
        duplex: 'half',
      } as RequestInit);
      return finish<{ id: string }>({
        status: res.status,
        statusText: res.statusText,
        text: await res.text(),
      });
    }
    const answer = await xhrPost(
      Xhr,
      url('/v1/images/upload', { ...meta }),
      headersFor('application/octet-stream'),
      body,
      onProgress,
      signal,
    );
    return finish<{ id: string }>(answer);
  }

  const id = (s: string) => encodeURIComponent(s);

  return {
    health: () => request<Health>('GET', '/health'),

    vms: {
      list: async (page?: { limit?: number; cursor?: string }) =>
        request<{ items: Vm[]; next_cursor: string | null }>('GET', '/v1/vms', undefined, page),
      get: async (vmId: string) => (await request<{ item: Vm }>('GET', `/v1/vms/${id(vmId)}`)).item,
      create: (req: CreateVmReq) => request<{ id: string }>('POST', '/v1/vms', req),
      action: (vmId: string, action: VmAction) =>
        request<{ ok: true }>('POST', `/v1/vms/${id(vmId)}/${action}`, {}),
      start: (vmId: string) => request<{ ok: true }>('POST', `/v1/vms/${id(vmId)}/start`, {}),
      stop: (vmId: string) => request<{ ok: true }>('POST', `/v1/vms/${id(vmId)}/stop`, {}),
      pause: (vmId: string) => request<{ ok: true }>('POST', `/v1/vms/${id(vmId)}/pause`, {}),
      resume: (vmId: string) => request<{ ok: true }>('POST', `/v1/vms/${id(vmId)}/resume`, {}),
      ctrlAltDel: (vmId: string) => request<{ ok: true }>('POST', `/v1/vms/${id(vmId)}/ctrl-alt-del`, {}),
      flushMetrics: (vmId: string) => request<{ ok: true }>('POST', `/v1/vms/${id(vmId)}/flush-metrics`, {}),
      delete: (vmId: string) => request<{ ok: true }>('DELETE', `/v1/vms/${id(vmId)}`),
      metrics: async (vmId: string, q?: { since?: string; limit?: number }) =>
        (await request<{ items: MetricSample[] }>('GET', `/v1/vms/${id(vmId)}/metrics`, undefined, q)).items,
      /**
       * ws:// URL of the terminal. With a ticket (`tickets.create()`) it carries `?ticket=`; without,
       * the token rides in the query (`?token=`, deprecated: prefer `shellUrlWithTicket`).
       */
      shellUrl: (vmId: string, ticket?: string) =>
        `${root.replace(/^http/, 'ws')}/v1/vms/${id(vmId)}/shell/ws${
          ticket
            ? `?ticket=${encodeURIComponent(ticket)}`
            : token()
              ? `?token=${encodeURIComponent(token() as string)}`
              : ''
        }`,
      /** ws:// URL of the terminal with a fresh single-use ticket: connect within seconds. */
      shellUrlWithTicket: async (vmId: string) =>
        `${root.replace(/^http/, 'ws')}/v1/vms/${id(vmId)}/shell/ws?ticket=${encodeURIComponent(
          (await request<Ticket>('POST', '/v1/tickets', {})).ticket,
        )}`,
    },

    drives: {
      list: async (vmId: string) =>
        (await request<{ items: Drive[] }>('GET', `/v1/vms/${id(vmId)}/drives`)).items,
      get: async (vmId: string, key: string) =>
        (await request<{ item: Drive }>('GET', `/v1/vms/${id(vmId)}/drives/${id(key)}`)).item,
      create: (vmId: string, req: CreateDriveReq) =>
        request<Drive>('POST', `/v1/vms/${id(vmId)}/drives`, req),
      update: (vmId: string, key: string, req: UpdateDriveReq) =>
        request<Drive>('PATCH', `/v1/vms/${id(vmId)}/drives/${id(key)}`, req),
      delete: (vmId: string, key: string) =>
        request<{ ok: true; applied: Applied }>('DELETE', `/v1/vms/${id(vmId)}/drives/${id(key)}`),
    },

    nics: {
      list: async (vmId: string) =>
        (await request<{ items: Nic[] }>('GET', `/v1/vms/${id(vmId)}/nics`)).items,
      get: async (vmId: string, key: string) =>
        (await request<{ item: Nic }>('GET', `/v1/vms/${id(vmId)}/nics/${id(key)}`)).item,
      create: (vmId: string, req: CreateNicReq) => request<Nic>('POST', `/v1/vms/${id(vmId)}/nics`, req),
      update: (vmId: string, key: string, req: UpdateNicReq) =>
        request<Nic>('PATCH', `/v1/vms/${id(vmId)}/nics/${id(key)}`, req),
      delete: (vmId: string, key: string) =>
        request<{ ok: true; applied: Applied }>('DELETE', `/v1/vms/${id(vmId)}/nics/${id(key)}`),
    },

    snapshots: {
      list: async (vmId: string) =>
        (await request<{ items: Snapshot[] }>('GET', `/v1/vms/${id(vmId)}/snapshots`)).items,
      get: async (snapId: string) =>
        (await request<{ item: Snapshot }>('GET', `/v1/snapshots/${id(snapId)}`)).item,
      create: (vmId: string, req: CreateSnapshotReq = {}) =>
        request<{ id: string; name: string }>('POST', `/v1/vms/${id(vmId)}/snapshots`, req),
      instantiate: (snapId: string, req: { name?: string } = {}) =>
        request<{ id: string; name: string }>('POST', `/v1/snapshots/${id(snapId)}/instantiate`, req),
      delete: (snapId: string) => request<{ ok: true }>('DELETE', `/v1/snapshots/${id(snapId)}`),
    },

    templates: {
      list: async () => (await request<{ items: Template[] }>('GET', '/v1/templates')).items,
      get: async (tplId: string) =>
        (await request<{ item: Template }>('GET', `/v1/templates/${id(tplId)}`)).item,
      create: (req: { name: string; spec: TemplateSpec }) =>
        request<{ id: string }>('POST', '/v1/templates', req),
      update: async (tplId: string, req: { name?: string; spec?: Partial<TemplateSpec> }) =>
        (await request<{ item: Template }>('PATCH', `/v1/templates/${id(tplId)}`, req)).item,
      delete: (tplId: string) => request<{ ok: true }>('DELETE', `/v1/templates/${id(tplId)}`),
      instantiate: (tplId: string, req: { name: string; start?: boolean }) =>
        request<{ id: string }>('POST', `/v1/templates/${id(tplId)}/instantiate`, req),
    },

    images: {
      list: async (filter?: { kind?: ImageKind; project?: string; name?: string }) =>
        (await request<{ items: Image[] }>('GET', '/v1/images', undefined, filter)).items,
      get: async (imgId: string) => (await request<{ item: Image }>('GET', `/v1/images/${id(imgId)}`)).item,
      register: (req: RegisterImageReq) => request<{ id: string }>('POST', '/v1/images', req),
      /** Streams `body` as the image's bytes; `onProgress` (browsers) reports the fraction sent. */
      upload,
      importFromUrl: (req: ImportImageReq) => request<{ id: string }>('POST', '/v1/images/import', req),
      createVolume: (req: CreateVolumeReq) => request<{ id: string }>('POST', '/v1/images/volumes', req),
      delete: (imgId: string) => request<{ ok: true }>('DELETE', `/v1/images/${id(imgId)}`),
    },

    hosts: {
      list: async () => (await request<{ items: Host[] }>('GET', '/v1/hosts')).items,
      get: async (hostId: string) => (await request<{ item: Host }>('GET', `/v1/hosts/${id(hostId)}`)).item,
    },

    logs: {
      tail: (q: { vm_id: string; lines?: number; kind?: 'console' | 'vmm' }) =>
        request<{ text: string }>('GET', '/v1/logs/tail', undefined, q),
    },

    auth: {
      /** A session token for a username and password (use it as this client's `token`). */
      login: (username: string, password: string) =>
        request<LoginResult>('POST', '/v1/auth/login', { username, password }),
      me: () => request<Me>('GET', '/v1/auth/me'),
      /** Your own password; your other login sessions end, this one and your API tokens stay. */
      changePassword: (currentPassword: string, newPassword: string) =>
        request<{ ok: true }>('POST', '/v1/auth/password', {
          current_password: currentPassword,
          new_password: newPassword,
        }),
    },

    users: {
      list: async () => (await request<{ items: User[] }>('GET', '/v1/users')).items,
      get: async (userId: string) => (await request<{ item: User }>('GET', `/v1/users/${id(userId)}`)).item,
      create: async (req: { username: string; password: string; role: Role }) =>
        (await request<{ item: User }>('POST', '/v1/users', req)).item,
      /** Change role or password, or disable (`disabled: true`) / enable a user. */
      update: async (userId: string, req: { role?: Role; password?: string; disabled?: boolean }) =>
        (await request<{ item: User }>('PATCH', `/v1/users/${id(userId)}`, req)).item,
      disable: async (userId: string) =>
        (await request<{ item: User }>('PATCH', `/v1/users/${id(userId)}`, { disabled: true })).item,
      delete: (userId: string) => request<{ ok: true }>('DELETE', `/v1/users/${id(userId)}`),
    },

    tokens: {
      /** Your API tokens (admins: everyone's). Secrets are never listed. */
      list: async () => (await request<{ items: ApiToken[] }>('GET', '/v1/tokens')).items,
      /** The answer's `token` is the secret, shown only here. */
      create: (req: { name: string; role?: Role; expires_at?: string }) =>
        request<CreatedApiToken>('POST', '/v1/tokens', req),
      revoke: (tokenId: string) => request<{ ok: true }>('DELETE', `/v1/tokens/${id(tokenId)}`),
    },

    tickets: {
      /** A single-use ticket for one WebSocket or SSE connection (`?ticket=`), valid for seconds. */
      create: () => request<Ticket>('POST', '/v1/tickets', {}),
    },

    audit: {
      list: (q?: AuditQuery) =>
        request<{ items: AuditEntry[]; next_cursor: string | null }>('GET', '/v1/audit', undefined, {
          ...q,
        }),
    },

    events: {
      /**
       * The SSE stream read with fetch, so the token travels in a header (browsers' EventSource can't
       * set one). Resolves with the body once the manager has accepted; errors as for any call.
       */
      open: async (q: { after?: number; signal?: AbortSignal } = {}) => {
        const res = await doFetch(url('/v1/events', { after: q.after }), {
          ...options.requestInit,
          method: 'GET',
          headers: { ...headersFor(), accept: 'text/event-stream' },
          signal: q.signal,
        });
        if (!res.ok || !res.body)
          return finish<never>({
            status: res.ok ? 502 : res.status,
            statusText: res.statusText,
            text: await res.text(),
          });
        return res.body;
      },
    },

    /** URL of the SSE stream with a single-use ticket (`tickets.create()`), for EventSource. */
    eventsUrlWithTicket: (ticket: string, after?: number) => url('/v1/events', { after, ticket }),

    /** URL of the SSE stream, for EventSource (token in the query for browsers: deprecated, use a ticket). */
    eventsUrl: (after?: number) => url('/v1/events', { after, token: token() }),
  };
}

export type ManagerClient = ReturnType<typeof createManagerClient>;
