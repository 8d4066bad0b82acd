// /v1/auth (login, me), /v1/tokens (API tokens), /v1/tickets (WebSocket/SSE tickets), /v1/audit.
import type { FastifyInstance } from 'fastify';
import { userOf } from '../plugins/auth.plugin.js';
import type { AuditFilter } from '../repositories/audit.repository.js';
import {
  apiToken,
  auditEntry,
  auditQuery,
  changePasswordBody,
  createdToken,
  createTokenBody,
  loginBody,
  loginResponse,
  me,
  ticketResponse,
} from '../schemas/auth.schema.js';
import { emptyBody, idParams, items, okResponse, responses } from '../schemas/common.schema.js';
import type { CreateTokenInput } from '../services/auth.service.js';
import type { Services } from '../services/services.js';

type Id = { Params: { id: string } };

export function authRoutes(app: FastifyInstance, s: Services): void {
  app.post<{ Body: { username: string; password: string } }>(
    '/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with a username and password; returns a session token',
        security: [],
        body: loginBody,
        response: responses(loginResponse, 429),
      },
    },
    async (req) => s.auth.login(req.body.username, req.body.password),
  );
  app.post<{ Body: { current_password: string; new_password: string } }>(
    '/v1/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; your other login sessions end, this one and API tokens stay',
        body: changePasswordBody,
        response: responses(okResponse, 403, 429),
      },
    },
    async (req) => {
      await s.auth.changePassword(userOf(req), req.body.current_password, req.body.new_password);
      return { ok: true };
    },
  );
  app.get(
    '/v1/auth/me',
    {
      schema: { tags: ['auth'], summary: 'Who the token belongs to, and its role', response: responses(me) },
    },
    async (req) => s.auth.me(userOf(req)),
  );

  app.get(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens (your own; admins see all)',
        response: responses(items(apiToken)),
      },
    },
    async (req) => ({ items: await s.auth.listTokens(userOf(req)) }),
  );
  app.post<{ Body: CreateTokenInput }>(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; its secret is in this answer only',
        body: createTokenBody,
        response: responses(createdToken, 403),
      },
    },
    async (req) => s.auth.createToken(userOf(req), req.body),
  );
  app.delete<Id>(
    '/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: idParams,
        response: responses(okResponse, 404),
      },
    },
    async (req) => {
      await s.auth.revokeToken(userOf(req), req.params.id);
      return { ok: true };
    },
  );

  app.post(
    '/v1/tickets',
    {
      schema: {
        tags: ['auth'],
        summary: 'A single-use ticket for a WebSocket or SSE connection (?ticket=), valid seconds',
        body: { ...emptyBody, nullable: true },
        response: responses(ticketResponse),
      },
    },
    async (req) => s.tickets.issue(userOf(req)),
  );

  app.get<{ Querystring: AuditFilter }>(
    '/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first; follow next_cursor with ?cursor=',
        querystring: auditQuery,
        response: responses({
          type: 'object',
          required: ['items'],
          properties: {
            items: { type: 'array', items: auditEntry },
            next_cursor: { type: ['string', 'null'] },
          },
        }),
      },
    },
    async (req) => s.audit.list(req.query),
  );
}
