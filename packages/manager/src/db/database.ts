// Opens the database: embedded PGlite by default, a PostgreSQL server when DATABASE_URL is set.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrator.js';
import { pgliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';
import { attachWriteTracker, createWriteTracker } from './write-tracker.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** `postgres://...`; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; absent means in memory (tests). */
  pgliteDir?: string;
}

const INT8_OID = 20;

/** Opens the database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  const db = options.url ? postgresDb(options.url) : await pgliteDb(options.pgliteDir);
  await migrateToLatest(db as Kysely<unknown>);
  return db;
}

function postgresDb(url: string): Db {
  // Sizes in bytes fit a double exactly up to 2^53, far beyond any disk image.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle connection the server ends (a PostgreSQL restart, an admin kill) is emitted as an
  // error on the pool, which would otherwise crash the manager. The pool already dropped that
  // connection; the next query opens a new one or fails with its own error, which is reported.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function pgliteDb(dir?: string): Promise<Db> {
  if (dir) mkdirSync(dir, { recursive: true });
  const lite = dir ? new PGlite(dir) : new PGlite();
  await lite.waitReady;
  const writes = createWriteTracker();
  const db = new Kysely<Database>({ dialect: pgliteDialect(lite, writes) });
  attachWriteTracker(db, writes);
  return db;
}

/** Postgres SQLSTATE of a failed statement, for mapping constraint violations. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === '23505';
export const isForeignKeyViolation = (err: unknown): boolean => sqlState(err) === '23503';

/** jsonb values are written as text so pg never turns a JS array into a Postgres array. */
export const json = (value: unknown): string => JSON.stringify(value);

export const iso = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();
