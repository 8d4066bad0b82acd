// Template rows: named VM specs to instantiate from.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { TemplateRow, TemplatesTable } from '../db/schema.js';

export function createTemplateRepository(db: Db) {
  return {
    async insert(template: Insertable<TemplatesTable>): Promise<TemplateRow> {
      return db.insertInto('templates').values(template).returningAll().executeTakeFirstOrThrow();
    },
    async get(id: string): Promise<TemplateRow | undefined> {
      return db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async getByName(name: string): Promise<TemplateRow | undefined> {
      return db.selectFrom('templates').selectAll().where('name', '=', name).executeTakeFirst();
    },
    async list(): Promise<TemplateRow[]> {
      return db.selectFrom('templates').selectAll().orderBy('created_at').orderBy('id').execute();
    },
    async update(id: string, patch: Updateable<TemplatesTable>): Promise<TemplateRow | undefined> {
      return db
        .updateTable('templates')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },
    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('templates').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type TemplateRepository = ReturnType<typeof createTemplateRepository>;
