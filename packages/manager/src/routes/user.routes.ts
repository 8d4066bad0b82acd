// /v1/users: admins list, create, change role or password, disable (PATCH) and delete users.
import type { FastifyInstance } from 'fastify';
import { createUserBody, updateUserBody, user } from '../schemas/auth.schema.js';
import { idParams, item, items, okResponse, responses } from '../schemas/common.schema.js';
import type { Services } from '../services/services.js';
import type { CreateUserInput, UpdateUserInput } from '../services/user.service.js';

type Id = { Params: { id: string } };
const tags = ['users'];

export function userRoutes(app: FastifyInstance, s: Services): void {
  app.get(
    '/v1/users',
    { schema: { tags, summary: 'List users', response: responses(items(user)) } },
    async () => ({
      items: await s.users.list(),
    }),
  );
  app.post<{ Body: CreateUserInput }>(
    '/v1/users',
    {
      schema: { tags, summary: 'Create a user', body: createUserBody, response: responses(item(user), 409) },
    },
    async (req) => ({ item: await s.users.create(req.body) }),
  );
  app.get<Id>(
    '/v1/users/:id',
    { schema: { tags, summary: 'Get a user', params: idParams, response: responses(item(user), 404) } },
    async (req) => ({ item: await s.users.get(req.params.id) }),
  );
  app.patch<Id & { Body: UpdateUserInput }>(
    '/v1/users/:id',
    {
      schema: {
        tags,
        summary:
          'Change role or password, or disable/enable a user (a disable or new password ends sessions)',
        params: idParams,
        body: updateUserBody,
        response: responses(item(user), 404, 409),
      },
    },
    async (req) => ({ item: await s.users.update(req.params.id, req.body) }),
  );
  app.delete<Id>(
    '/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Delete a user and their tokens',
        params: idParams,
        response: responses(okResponse, 404, 409),
      },
    },
    async (req) => {
      await s.users.delete(req.params.id);
      return { ok: true };
    },
  );
}
