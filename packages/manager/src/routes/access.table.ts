// Who may call each route: one declarative table, keyed "METHOD /fastify/url". A route missing here is denied.
import type { RateClass } from '../config.js';
import type { Role } from '../services/roles.js';

export interface RoleAccess {
  /** The lowest role allowed: viewer reads; operator runs VMs and their devices; admin all. */
  role: Role;
  /** Counted against the caller's budget of this class (429 + Retry-After when spent). */
  rate?: RateClass;
  /** Body or query fields (dotted for nesting) only an admin may set: raw host paths. */
  adminFields?: readonly string[];
  /** Browsers cannot set headers here: a `?ticket=` (or deprecated `?token=`) is accepted. */
  ticket?: boolean;
}

/** `public`: no credential (the route checks its own, like the join token); `agent`: an agent credential. */
export type Access = RoleAccess | { role: 'public'; rate?: RateClass } | { role: 'agent' };

const viewer: RoleAccess = { role: 'viewer' };
const operator: RoleAccess = { role: 'operator' };
const admin: RoleAccess = { role: 'admin' };
const VM_PATHS = ['kernel_path', 'rootfs_path', 'initrd_path'] as const;
const SPEC_PATHS = VM_PATHS.map((f) => `spec.${f}`);

export const ACCESS: Readonly<Record<string, Access>> = {
  'GET /health': { role: 'public' },
  // Prometheus scrapes with `authorization: Bearer <a viewer API token>` (README: "Scraping metrics").
  'GET /metrics': viewer,
  // The API's own description is API data too; a ticket lets the browser-side /docs page load it.
  'GET /v1/openapi.json': { role: 'viewer', ticket: true },
  'GET /docs/json': { role: 'viewer', ticket: true },
  'GET /docs/yaml': { role: 'viewer', ticket: true },
  'POST /v1/auth/login': { role: 'public', rate: 'login' },
  'GET /v1/auth/me': viewer,
  // Any signed-in user, their own password only; wrong guesses spend the login budget.
  'POST /v1/auth/password': { role: 'viewer', rate: 'login' },
  'POST /v1/tickets': viewer,

  'GET /v1/users': admin,
  'POST /v1/users': admin,
  'GET /v1/users/:id': admin,
  'PATCH /v1/users/:id': admin,
  'DELETE /v1/users/:id': admin,
  // Everyone manages their own tokens; admins see and revoke all of them.
  'GET /v1/tokens': viewer,
  'POST /v1/tokens': viewer,
  'DELETE /v1/tokens/:id': viewer,
  'GET /v1/audit': admin,

  'GET /v1/vms': viewer,
  'POST /v1/vms': { role: 'operator', rate: 'vm_create', adminFields: VM_PATHS },
  'GET /v1/vms/:id': viewer,
  'DELETE /v1/vms/:id': { role: 'operator', rate: 'vm_state' },
  'POST /v1/vms/:id/start': { role: 'operator', rate: 'vm_state' },
  'POST /v1/vms/:id/stop': { role: 'operator', rate: 'vm_state' },
  'POST /v1/vms/:id/pause': { role: 'operator', rate: 'vm_state' },
  'POST /v1/vms/:id/resume': { role: 'operator', rate: 'vm_state' },
  'POST /v1/vms/:id/ctrl-alt-del': { role: 'operator', rate: 'vm_state' },
  'POST /v1/vms/:id/flush-metrics': operator,
  'GET /v1/vms/:id/metrics': viewer,
  'GET /v1/vms/:id/shell/ws': { role: 'operator', ticket: true },

  'GET /v1/vms/:id/drives': viewer,
  'POST /v1/vms/:id/drives': { role: 'operator', adminFields: ['path_on_host'] },
  'GET /v1/vms/:id/drives/:drive_id': viewer,
  'PATCH /v1/vms/:id/drives/:drive_id': { role: 'operator', adminFields: ['path_on_host'] },
  'DELETE /v1/vms/:id/drives/:drive_id': operator,
  'GET /v1/vms/:id/nics': viewer,
  'POST /v1/vms/:id/nics': operator,
  'GET /v1/vms/:id/nics/:nic_id': viewer,
  'PATCH /v1/vms/:id/nics/:nic_id': operator,
  'DELETE /v1/vms/:id/nics/:nic_id': operator,

  'GET /v1/vms/:id/snapshots': viewer,
  'POST /v1/vms/:id/snapshots': { role: 'operator', rate: 'snapshot' },
  'GET /v1/snapshots/:id': viewer,
  'POST /v1/snapshots/:id/instantiate': { role: 'operator', rate: 'vm_create' },
  'DELETE /v1/snapshots/:id': operator,

  'GET /v1/templates': viewer,
  'POST /v1/templates': { role: 'operator', adminFields: SPEC_PATHS },
  'GET /v1/templates/:id': viewer,
  'PATCH /v1/templates/:id': { role: 'operator', adminFields: SPEC_PATHS },
  'DELETE /v1/templates/:id': operator,
  'POST /v1/templates/:id/instantiate': { role: 'operator', rate: 'vm_create' },

  'GET /v1/images': viewer,
  'GET /v1/images/:id': viewer,
  'POST /v1/images': admin,
  'POST /v1/images/upload': { role: 'admin', rate: 'image_upload' },
  'POST /v1/images/import': { role: 'admin', rate: 'image_upload' },
  'POST /v1/images/volumes': admin,
  'DELETE /v1/images/:id': admin,

  'GET /v1/hosts': viewer,
  'GET /v1/hosts/:id': viewer,
  'GET /v1/logs/tail': { role: 'viewer', adminFields: ['path'] },
  'GET /v1/events': { role: 'viewer', ticket: true },

  'POST /v1/agent/register': { role: 'public' },
  'POST /v1/agent/heartbeat': { role: 'agent' },
  'GET /v1/agent/images/:id/content': { role: 'agent' },
};

/** Routes served by code we do not own (Swagger UI), not in the OpenAPI document: checked by access.test. */
export const UNDOCUMENTED_ROUTES = [
  'GET /metrics',
  'GET /v1/openapi.json',
  'GET /docs/json',
  'GET /docs/yaml',
];

/**
 * The rule for a matched route; HEAD shares its GET's. The rest of /docs (the Swagger UI page, its
 * scripts and styles) is public: it holds no data, and the document it loads is not public.
 */
export function accessFor(method: string, url: string): Access | undefined {
  const rule = ACCESS[`${method === 'HEAD' ? 'GET' : method} ${url}`];
  if (rule) return rule;
  if ((method === 'GET' || method === 'HEAD') && (url === '/docs' || url.startsWith('/docs/')))
    return { role: 'public' };
  return undefined;
}
