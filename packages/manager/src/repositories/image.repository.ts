// Image registry rows, and what still refers to an image.
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { ImageRow, ImageUpdate, NewImage } from '../db/schema.js';

export interface ImageFilter {
  kind?: string;
  project?: string;
  name?: string;
}

export function createImageRepository(db: Db) {
  return {
    async insert(image: NewImage): Promise<ImageRow> {
      return db.insertInto('images').values(image).returningAll().executeTakeFirstOrThrow();
    },
    async get(id: string): Promise<ImageRow | undefined> {
      return db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findByName(kind: string, project: string | null, name: string): Promise<ImageRow | undefined> {
      return db
        .selectFrom('images')
        .selectAll()
        .where('kind', '=', kind)
        .where(sql`coalesce(project, '')`, '=', project ?? '')
        .where('name', '=', name)
        .executeTakeFirst();
    },
    async findByPath(hostPath: string): Promise<ImageRow | undefined> {
      return db.selectFrom('images').selectAll().where('host_path', '=', hostPath).executeTakeFirst();
    },
    async list(filter: ImageFilter = {}): Promise<ImageRow[]> {
      let query = db.selectFrom('images').selectAll().orderBy('created_at').orderBy('id');
      if (filter.kind) query = query.where('kind', '=', filter.kind);
      if (filter.project) query = query.where('project', '=', filter.project);
      if (filter.name) query = query.where('name', '=', filter.name);
      return query.execute();
    },
    /** The ready images `nqvm images prepare` registered (every kind), oldest first: a create's defaults. */
    async listDefaults(): Promise<ImageRow[]> {
      return db
        .selectFrom('images')
        .selectAll()
        .where('origin', '=', 'manifest')
        .where('status', '=', 'ready')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },
    async update(id: string, patch: ImageUpdate): Promise<ImageRow | undefined> {
      return db
        .updateTable('images')
        .set({ ...patch, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },
    /** Names of VMs and templates that refer to the image; deleting it must wait for them. */
    async usedBy(id: string): Promise<string[]> {
      const vms = await db
        .selectFrom('vms')
        .select('name')
        .where((eb) =>
          eb.or([
            eb('kernel_image_id', '=', id),
            eb('rootfs_image_id', '=', id),
            eb('initrd_image_id', '=', id),
          ]),
        )
        .execute();
      const drives = await db
        .selectFrom('drives')
        .innerJoin('vms', 'vms.id', 'drives.vm_id')
        .select('vms.name')
        .where('drives.image_id', '=', id)
        .execute();
      const templates = await db
        .selectFrom('templates')
        .select('name')
        .where((eb) =>
          eb.or([
            eb(sql`spec->>'kernel_image_id'`, '=', id),
            eb(sql`spec->>'rootfs_image_id'`, '=', id),
            eb(sql`spec->>'initrd_image_id'`, '=', id),
          ]),
        )
        .execute();
      const names = [
        ...vms.map((v) => `vm ${v.name}`),
        ...drives.map((d) => `vm ${d.name}`),
        ...templates.map((t) => `template ${t.name}`),
      ];
      return [...new Set(names)].sort();
    },
    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('images').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type ImageRepository = ReturnType<typeof createImageRepository>;
