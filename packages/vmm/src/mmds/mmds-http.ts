// The guest-facing MMDS HTTP semantics (V1 and V2), formatted as Firecracker formats them.
import type { MmdsConfig } from '@nqvm/fc-api';
import type { MmdsStore } from '../mmds-store.js';
import { MAX_TTL, MIN_TTL, type TokenAuthority } from './mmds-token.js';

export interface MmdsRequest {
  method: string;
  uri: string;
  version: string;
  headers: Map<string, string>;
}

export interface MmdsResponse {
  status: number;
  body: string;
  contentType?: string;
  allow?: string[];
}

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  501: 'Not Implemented',
};

/** Parses one request head; returns undefined until the blank line arrives. */
export function parseRequest(data: Buffer): { request: MmdsRequest; length: number } | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = data.subarray(0, end).toString('latin1').split('\r\n');
  const [method = '', uri = '', version = 'HTTP/1.1'] = (lines[0] ?? '').split(' ');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const bodyLen = Number(headers.get('content-length') ?? 0) || 0;
  if (data.length < end + 4 + bodyLen) return undefined;
  return { request: { method, uri, version, headers }, length: end + 4 + bodyLen };
}

export function respond(
  req: MmdsRequest,
  store: MmdsStore,
  config: MmdsConfig,
  tokens: TokenAuthority,
): MmdsResponse {
  const path = absPath(req.uri);
  if (!path) return { status: 400, body: 'Invalid URI.' };
  const v2 = config.version === 'V2';
  if (req.method === 'PUT' && v2) return putToken(req, path, tokens);
  if (req.method !== 'GET') {
    return { status: 405, body: 'Not allowed HTTP method.', allow: v2 ? ['GET', 'PUT'] : ['GET'] };
  }
  if (v2) {
    const token = req.headers.get('x-metadata-token');
    if (token === undefined) {
      return {
        status: 401,
        body: 'No MMDS token provided. Use `X-metadata-token` header to specify the session token.',
      };
    }
    if (!tokens.isValid(token)) return { status: 401, body: 'MMDS token not valid.' };
  }
  const json = !config.imds_compat && (req.headers.get('accept') ?? '').includes('application/json');
  return getValue(store.get(), path, json);
}

function putToken(req: MmdsRequest, path: string, tokens: TokenAuthority): MmdsResponse {
  if (req.headers.has('x-forwarded-for')) {
    return { status: 400, body: 'Invalid header. Reason: Unsupported header name. Key: X-Forwarded-For' };
  }
  if (path !== '/latest/api/token') return { status: 404, body: `Resource not found: ${path}.` };
  const raw = req.headers.get('x-metadata-token-ttl-seconds');
  if (raw === undefined) {
    return {
      status: 400,
      body: "Token time to live value not found. Use `X-metadata-token-ttl-seconds` header to specify the token's lifetime.",
    };
  }
  const ttl = Number(raw);
  if (!/^\d+$/.test(raw)) {
    return {
      status: 400,
      body: `Invalid header. Reason: Invalid value. Key:X-metadata-token-ttl-seconds; Value:${raw}`,
    };
  }
  if (ttl < MIN_TTL || ttl > MAX_TTL) {
    return {
      status: 400,
      body: `Invalid time to live value provided for token: ${ttl}. Please provide a value between ${MIN_TTL} and ${MAX_TTL}.`,
    };
  }
  return { status: 200, body: tokens.generate(ttl), contentType: 'text/plain' };
}

/** `GET /a//b/` walks the JSON tree like a JSON pointer (duplicate and trailing slashes ignored). */
export function getValue(data: unknown, path: string, json: boolean): MmdsResponse {
  const parts = path
    .replace(/\/+/g, '/')
    .replace(/^\/|\/$/g, '')
    .split('/')
    .filter(Boolean);
  let node: unknown = data ?? {};
  for (const p of parts) {
    if (node !== null && typeof node === 'object' && Object.hasOwn(node, p)) {
      node = (node as Record<string, unknown>)[p];
    } else return { status: 404, body: `Resource not found: ${path}.` };
  }
  if (json) return { status: 200, body: JSON.stringify(sortKeys(node)), contentType: 'application/json' };
  if (typeof node === 'string') return { status: 200, body: node, contentType: 'text/plain' };
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    const obj = node as Record<string, unknown>;
    const keys = Object.keys(obj)
      .sort()
      .map((k) => (obj[k] !== null && typeof obj[k] === 'object' && !Array.isArray(obj[k]) ? `${k}/` : k));
    return { status: 200, body: keys.join('\n'), contentType: 'text/plain' };
  }
  return { status: 501, body: 'Cannot retrieve value. The value has an unsupported type.' };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

function absPath(uri: string): string {
  const noScheme = uri.replace(/^https?:\/\/[^/]*/i, '');
  return noScheme.split('?')[0] ?? '';
}

export function encodeResponse(res: MmdsResponse, version: string): Buffer {
  const head = [
    `${version === 'HTTP/1.0' ? 'HTTP/1.0' : 'HTTP/1.1'} ${res.status} ${REASONS[res.status] ?? ''}`,
  ];
  head.push('Server: Firecracker API', 'Connection: close');
  head.push(`Content-Type: ${res.contentType ?? 'text/plain'}`);
  if (res.allow) head.push(`Allow: ${res.allow.join(', ')}`);
  head.push(`Content-Length: ${Buffer.byteLength(res.body)}`);
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${res.body}`);
}
