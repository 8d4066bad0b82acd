// openDatabase on a real PostgreSQL: a server that goes away under idle connections must not crash the manager.

import { startPostgres } from '@nqvm/testkit';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './database.js';

describe('openDatabase on PostgreSQL', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy().catch(() => undefined);
  });

  it('survives the server ending its idle connections, and the next query reports its own error', async () => {
    const server = await startPostgres();
    db = await openDatabase({ url: await server.createDatabase() });
    const one = await sql<{ one: number }>`select 1 as one`.execute(db);
    expect(one.rows[0]?.one).toBe(1);

    // Fast shutdown terminates the pool's idle connection (57P01). Without an error listener on
    // the pool that is an uncaught exception, which vitest reports and which fails this run.
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      await server.stop();
      await new Promise((resolve) => setImmediate(resolve));
      await expect(sql`select 1`.execute(db)).rejects.toThrow();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
