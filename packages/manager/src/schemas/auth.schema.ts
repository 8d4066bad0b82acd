// JSON schemas of users, API tokens, tickets, logins and the audit log.
import { timestamp, uuid } from './common.schema.js';
import { tokenName, userName } from './name.schema.js';

export const role = { type: 'string', enum: ['viewer', 'operator', 'admin'] } as const;
/** Long passphrases are welcome; the cap only keeps hashing cheap. */
export const password = { type: 'string', minLength: 12, maxLength: 1024 } as const;

export const loginBody = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  // A login checks, not sets, a password: no minimum length here.
  properties: { username: { type: 'string', maxLength: 64 }, password: { type: 'string', maxLength: 1024 } },
} as const;

export const changePasswordBody = {
  type: 'object',
  required: ['current_password', 'new_password'],
  additionalProperties: false,
  // The current one is checked, not set: no minimum length, like a login.
  properties: { current_password: { type: 'string', maxLength: 1024 }, new_password: password },
} as const;

export const loginResponse = {
  type: 'object',
  required: ['token', 'expires_at'],
  properties: { token: { type: 'string' }, expires_at: timestamp },
} as const;

export const me = {
  type: 'object',
  required: ['username', 'role'],
  properties: {
    username: { type: 'string' },
    role,
    user_id: { type: ['string', 'null'] },
    token_id: { type: ['string', 'null'] },
    created_at: timestamp,
  },
} as const;

export const user = {
  type: 'object',
  required: ['id', 'username', 'role', 'disabled'],
  properties: {
    id: uuid,
    username: { type: 'string' },
    role,
    disabled: { type: 'boolean' },
    created_at: timestamp,
    updated_at: timestamp,
  },
} as const;

export const createUserBody = {
  type: 'object',
  required: ['username', 'password', 'role'],
  additionalProperties: false,
  properties: { username: userName, password, role },
} as const;

export const updateUserBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { role, password, disabled: { type: 'boolean' } },
} as const;

const tokenProperties = {
  id: uuid,
  name: { type: 'string' },
  role,
  owner: { type: ['string', 'null'] },
  expires_at: { type: ['string', 'null'], format: 'date-time' },
  revoked_at: { type: ['string', 'null'], format: 'date-time' },
  created_at: timestamp,
} as const;

export const apiToken = {
  type: 'object',
  required: ['id', 'name', 'role'],
  properties: tokenProperties,
} as const;

export const createdToken = {
  type: 'object',
  required: ['id', 'name', 'role', 'token'],
  properties: { ...tokenProperties, token: { type: 'string' } },
} as const;

export const createTokenBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: tokenName,
    role,
    expires_at: { type: 'string', format: 'date-time' },
  },
} as const;

export const ticketResponse = {
  type: 'object',
  required: ['ticket', 'expires_at'],
  properties: { ticket: { type: 'string' }, expires_at: timestamp },
} as const;

export const auditEntry = {
  type: 'object',
  required: ['id', 'ts', 'action', 'status', 'result'],
  properties: {
    id: { type: 'integer' },
    ts: timestamp,
    actor: { type: ['string', 'null'] },
    user_id: { type: ['string', 'null'] },
    token_id: { type: ['string', 'null'] },
    role: { type: ['string', 'null'] },
    action: { type: 'string' },
    target: { type: ['string', 'null'] },
    status: { type: 'integer' },
    result: { type: 'string', enum: ['ok', 'error'] },
    error_code: { type: ['string', 'null'] },
    client_addr: { type: ['string', 'null'] },
  },
} as const;

export const auditQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    actor: { type: 'string', maxLength: 128 },
    action: { type: 'string', maxLength: 256 },
    target: { type: 'string', maxLength: 256 },
    result: { type: 'string', enum: ['ok', 'error'] },
    since: { type: 'string', format: 'date-time' },
    until: { type: 'string', format: 'date-time' },
    cursor: { type: 'string', pattern: '^[0-9]{1,18}$' },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
  },
} as const;
