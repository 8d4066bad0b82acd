// Runs the timestamped migrations (the same set for PGlite and PostgreSQL) at start-up.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as initial from './migrations/20251101000000-initial.js';
import * as auth from './migrations/20251201000000-auth.js';
import * as vmListVersion from './migrations/20260101000000-vm-list-version.js';
import * as vmListRows from './migrations/20260201000000-vm-list-rows.js';

/** Listed by hand so the build needs no directory scan; names sort by their timestamp. */
const MIGRATIONS: Record<string, Migration> = {
  '20251101000000-initial': initial,
  '20251201000000-auth': auth,
  '20260101000000-vm-list-version': vmListVersion,
  '20260201000000-vm-list-rows': vmListRows,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export function createMigrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider, migrationTableName: 'nqvm_migrations' });
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
