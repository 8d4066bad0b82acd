// What each role may do in the UI, mirroring the manager's access table (routes/access.table.ts) and role
// order (services/roles.ts). The server enforces it anyway: this only keeps refused controls off screen.
import type { Role } from '@nqvm/client';

export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** Each UI capability and the lowest role whose calls for it the manager accepts. */
export const CAPABILITIES = {
  /** POST /v1/vms, templates/:id/instantiate, snapshots/:id/instantiate */
  'vm.create': 'operator',
  /** POST /v1/vms/:id/{start,stop,pause,resume,ctrl-alt-del,flush-metrics} */
  'vm.lifecycle': 'operator',
  /** DELETE /v1/vms/:id */
  'vm.delete': 'operator',
  /** GET /v1/vms/:id/shell/ws */
  'vm.terminal': 'operator',
  /** POST/PATCH/DELETE of /v1/vms/:id/drives and /nics */
  'vm.devices': 'operator',
  /** POST /v1/vms/:id/snapshots, DELETE /v1/snapshots/:id */
  'snapshot.manage': 'operator',
  /** POST/PATCH/DELETE /v1/templates */
  'template.manage': 'operator',
  /** POST /v1/images, /upload, /import, /volumes, DELETE /v1/images/:id */
  'image.manage': 'admin',
  /** Raw host paths in bodies (kernel_path, rootfs_path, path_on_host): the table's adminFields. */
  'host.paths': 'admin',
  /** /v1/users */
  'user.manage': 'admin',
  /** GET /v1/audit */
  'audit.read': 'admin',
  /** /v1/tokens: everyone manages their own */
  'token.manage': 'viewer',
} as const satisfies Record<string, Role>;

export type Capability = keyof typeof CAPABILITIES;

export function atLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** False while the role is unknown (not signed in, or /v1/auth/me not answered yet). */
export function can(role: Role | undefined, capability: Capability): boolean {
  return role !== undefined && atLeast(role, CAPABILITIES[capability]);
}

/** Roles a new API token may carry: never above its owner's. */
export function rolesUpTo(role: Role): Role[] {
  return ROLES.filter((r) => atLeast(role, r));
}
