// Templates: named VM specs; instantiating one is creating a VM with its settings.
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../db/database.js';
import type { TemplateSpecJson } from '../db/schema.js';
import { errors } from '../errors.js';
import type { ServiceContext } from './context.js';
import { toTemplate } from './mappers.js';
import type { VmService } from './vm.service.js';
import { resolveBootSource } from './vm-source.js';

export function createTemplateService(ctx: ServiceContext, vms: VmService) {
  const { repos } = ctx;

  async function mustGet(id: string) {
    const template = await repos.templates.get(id);
    if (!template) throw errors.TEMPLATE_NOT_FOUND({}, `Template with ID '${id}' does not exist`);
    return template;
  }

  /** Same checks as a VM create, so a template that saves will also instantiate. */
  async function validate(spec: TemplateSpecJson) {
    await resolveBootSource(ctx, spec);
  }

  return {
    list: async () => (await repos.templates.list()).map(toTemplate),
    get: async (id: string) => toTemplate(await mustGet(id)),

    async create(input: { name: string; spec: TemplateSpecJson }) {
      if (await repos.templates.getByName(input.name))
        throw errors.TEMPLATE_NAME_EXISTS({ name: input.name });
      await validate(input.spec);
      try {
        const row = await repos.templates.insert({
          id: randomUUID(),
          name: input.name,
          spec: JSON.stringify(input.spec),
        });
        return { id: row.id };
      } catch (err) {
        if (isUniqueViolation(err))
          throw errors.CONFLICT({}, `template '${input.name}' was created concurrently`);
        throw err;
      }
    },

    async update(id: string, input: { name?: string; spec?: Partial<TemplateSpecJson> }) {
      const current = await mustGet(id);
      const spec = { ...current.spec, ...(input.spec ?? {}) };
      if (input.name && input.name !== current.name && (await repos.templates.getByName(input.name))) {
        throw errors.TEMPLATE_NAME_EXISTS({ name: input.name });
      }
      await validate(spec);
      const row = await repos.templates.update(id, {
        ...(input.name ? { name: input.name } : {}),
        spec: JSON.stringify(spec),
      });
      if (!row) throw errors.TEMPLATE_NOT_FOUND();
      return toTemplate(row);
    },

    async delete(id: string) {
      if (!(await repos.templates.delete(id)))
        throw errors.TEMPLATE_NOT_FOUND({}, `Template with ID '${id}' does not exist`);
    },

    async instantiate(id: string, input: { name: string; start?: boolean }) {
      const template = await mustGet(id);
      const vm = await vms.create({
        ...template.spec,
        name: input.name,
        template_id: template.id,
        start: input.start ?? true,
      });
      return { id: vm.id };
    },
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
