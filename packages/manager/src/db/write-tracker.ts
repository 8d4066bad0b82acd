// Counts finished writes on an embedded PGlite database. Only this process can open a PGlite data
// directory, so an unchanged count proves nothing was written since: caches may skip even the one
// query that checks them. A server database (PostgreSQL) has no tracker: other processes may write.
import type { Db } from './database.js';

export interface WriteTracker {
  /** Bumped after every statement that may have written (anything but a plain SELECT) finishes. */
  generation(): number;
  bump(): void;
}

export function createWriteTracker(): WriteTracker {
  let generation = 0;
  return {
    generation: () => generation,
    bump() {
      generation++;
    },
  };
}

const trackers = new WeakMap<Db, WriteTracker>();

export function attachWriteTracker(db: Db, tracker: WriteTracker): void {
  trackers.set(db, tracker);
}

/** The tracker of an embedded database, or undefined when writes can come from elsewhere. */
export const writeTrackerOf = (db: Db): WriteTracker | undefined => trackers.get(db);

/** A statement that cannot write: SELECT without a data-modifying keyword anywhere in it. */
export const isReadOnlySql = (sql: string): boolean =>
  /^\s*select\b/i.test(sql) && !/\b(insert|update|delete|merge|truncate|nextval|setval)\b/i.test(sql);
