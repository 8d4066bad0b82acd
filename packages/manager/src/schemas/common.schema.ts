// JSON schemas shared by routes: ids, wrappers and the error shape (also the OpenAPI components); names are in name.schema.ts.

export const uuid = { type: 'string', format: 'uuid' } as const;
/** Drive and NIC keys: the row's uuid or the guest-visible id ("rootfs", "eth0"). */
export const deviceKey = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_-]+$',
} as const;
export const nullableString = { type: ['string', 'null'] } as const;
export const timestamp = { type: 'string', format: 'date-time' } as const;

const bucket = {
  type: 'object',
  required: ['size', 'refill_time'],
  additionalProperties: false,
  properties: {
    size: { type: 'integer', minimum: 0 },
    refill_time: { type: 'integer', minimum: 0 },
    one_time_burst: { type: 'integer', minimum: 0 },
  },
} as const;

export const rateLimiter = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { bandwidth: bucket, ops: bucket },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
} as const;

export const errorResponse = {
  $id: 'ErrorResponse',
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string' },
    suggestion: { type: 'string' },
    fault_message: { type: 'string' },
    code: { type: 'string' },
  },
} as const;

export const okResponse = {
  type: 'object',
  required: ['ok'],
  properties: { ok: { type: 'boolean', const: true } },
} as const;

export const idResponse = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
} as const;

export const emptyBody = { type: 'object', additionalProperties: false, properties: {} } as const;

/** Standard responses: the success body plus the error shape for every failure status. */
export function responses(ok: object, ...statuses: number[]) {
  const out: Record<string, object> = { 200: ok };
  for (const s of [400, 401, ...statuses]) out[s] = { $ref: 'ErrorResponse#' };
  return out;
}

export const items = (schema: object) => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: schema } },
});

export const item = (schema: object) => ({
  type: 'object',
  required: ['item'],
  properties: { item: schema },
});
