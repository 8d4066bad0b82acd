// The thin fetch layer under every API file: base URL from settings, bearer token, errors as ApiError.
import { authHeaders, redirectToSignIn } from '../auth-token';
import { loadSettings } from '../settings';
import { ApiError, networkError, toApiError } from './api-error';

export function apiUrl(path: string): string {
  const base = loadSettings().apiBaseUrl.replace(/\/+$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (err) {
    throw networkError(err);
  }
  const parsed = await readBody(res);
  if (!res.ok) {
    if (res.status === 401) redirectToSignIn();
    throw toApiError(res.status, parsed, res.statusText);
  }
  return parsed as T;
}

export const http = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

export { ApiError };
