// Token lookups by hash, kept in memory: every API call authenticates, and the answer rarely changes.
// The token and user repositories of one database share it and clear it on every write that could
// change an answer (revoke, role cap, session ends, user changed or deleted), so those act at once.
import type { Db } from '../db/database.js';
import type { ApiTokenRow, UserRow } from '../db/schema.js';

export interface CachedToken {
  token: ApiTokenRow;
  user: UserRow | undefined;
}

/** Bounded: a flood of distinct valid tokens cannot grow it for ever (oldest go first). */
const MAX_ENTRIES = 10_000;
/**
 * A backstop for writes this process cannot see (another process on the same PostgreSQL): an entry
 * is re-read after this long. Revocation through this manager needs no wait.
 */
const MAX_AGE_MS = 10_000;

export interface AuthCache {
  get(tokenHash: string): CachedToken | undefined;
  /** Taken before a lookup's query; `set` ignores the answer when a write cleared the cache meanwhile. */
  generation(): number;
  set(tokenHash: string, value: CachedToken, generation: number): void;
  /** Called after every write that could change an answer has finished. */
  clear(): void;
}

function createAuthCache(): AuthCache {
  const entries = new Map<string, CachedToken & { at: number }>();
  let generation = 0;
  return {
    get(tokenHash) {
      const hit = entries.get(tokenHash);
      if (!hit) return undefined;
      if (performance.now() - hit.at > MAX_AGE_MS) {
        entries.delete(tokenHash);
        return undefined;
      }
      return hit;
    },
    generation: () => generation,
    set(tokenHash, value, seen) {
      // A lookup that raced a revoke may hold the row from before it: never keep that.
      if (seen !== generation) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(tokenHash, { ...value, at: performance.now() });
    },
    clear() {
      generation++;
      entries.clear();
    },
  };
}

const caches = new WeakMap<Db, AuthCache>();

/** The one cache of this database handle (several apps in one test process each have their own). */
export function authCacheFor(db: Db): AuthCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = createAuthCache();
    caches.set(db, cache);
  }
  return cache;
}
