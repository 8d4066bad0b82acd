// The manager's /health (outside /v1): reached through the proxy's health passthrough.
import { networkError, toApiError } from './api-error';

export interface Health {
  ok: boolean;
  db?: string;
}

export async function fetchHealth(): Promise<Health> {
  let res: Response;
  try {
    res = await fetch('/api/proxy/health', { cache: 'no-store' });
  } catch (err) {
    throw networkError(err);
  }
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw toApiError(res.status, body, res.statusText);
  return body as Health;
}
