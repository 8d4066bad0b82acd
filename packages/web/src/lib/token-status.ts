// Whether an API token still works: revoked beats expired beats active.
import type { ApiToken } from '@nqvm/client';

export type TokenStatus = 'revoked' | 'expired' | 'active';

export function tokenStatus(t: Pick<ApiToken, 'revoked_at' | 'expires_at'>, now = Date.now()): TokenStatus {
  if (t.revoked_at) return 'revoked';
  if (t.expires_at && Date.parse(t.expires_at) <= now) return 'expired';
  return 'active';
}
