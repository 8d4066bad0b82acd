// The manager's one error registry: every failure a client can see has a code here.
import { defineErrors } from '@nqvm/core';

const TRANSITION = 'VM is currently transitioning. Wait and retry.';

/** Registry entries; `errors.test.ts` checks codes and the README lists each with its fix. */
export const ERROR_SPECS = {
  VALIDATION: {
    status: 400,
    message: 'Invalid request',
    suggestion: 'Check the request against /v1/openapi.json',
  },
  INVALID_VM_NAME: {
    status: 400,
    message: 'Invalid VM name',
    suggestion: 'VM name must be 3-64 characters, alphanumeric + hyphens',
  },
  /** Any other resource's name (template, image, volume, snapshot, project, user, token). */
  INVALID_NAME: { status: 400, message: 'Invalid {what}', suggestion: '{rule}' },
  VM_NAME_EXISTS: {
    status: 400,
    message: "VM name '{name}' already exists",
    suggestion: 'Choose another name or delete the existing VM',
  },
  VM_NAME_CONFLICT: {
    status: 409,
    message: "VM '{name}' is being created by another request",
    suggestion: 'Only one create per name succeeds; list VMs to see it',
  },
  VM_NOT_FOUND: { status: 404, message: 'VM not found', suggestion: 'Check the VM ID and try again' },
  VM_WRONG_STATE: { status: 400, message: 'Cannot perform action', suggestion: '{suggestion}' },
  VM_TRANSITIONING: { status: 400, message: 'Cannot perform action', suggestion: TRANSITION },
  VM_SOURCE_REQUIRED: {
    status: 400,
    message: 'VM needs a kernel and a rootfs',
    suggestion: 'Give kernel_image_id and rootfs_image_id, or source_snapshot_id',
  },
  IMAGE_PATHS_DISABLED: {
    status: 400,
    message: 'Raw image paths are disabled',
    suggestion: 'Use image IDs from the registry, or start the manager with MANAGER_ALLOW_IMAGE_PATHS=1',
  },
  IMAGE_NOT_FOUND: { status: 404, message: 'Image not found', suggestion: 'List images with GET /v1/images' },
  IMAGE_WRONG_KIND: {
    status: 400,
    message: "Image '{id}' is a {actual} image, expected {expected}",
    suggestion: 'Pick an image of kind {expected}',
  },
  IMAGE_NOT_READY: {
    status: 409,
    message: "Image '{id}' is {status}",
    suggestion: 'Wait until the import finishes (status ready)',
  },
  IMAGE_PATH_OUTSIDE_ROOT: {
    status: 400,
    message: 'Invalid path (not under MANAGER_IMAGE_ROOT)',
    suggestion: 'Put the file under {root} or set MANAGER_IMAGE_ROOT',
  },
  PATH_INVALID: {
    status: 400,
    message: 'Invalid path ({reason})',
    suggestion:
      'Give an absolute path under {root} without . or .. segments, %-escapes or control characters (at most 4096 bytes)',
  },
  IMAGE_FILE_MISSING: {
    status: 400,
    message: 'Image file not found on the manager host',
    suggestion: 'Check the path exists and is a regular file',
  },
  IMAGE_CHECKSUM_MISMATCH: {
    status: 400,
    message: 'Image checksum or size does not match the file',
    suggestion: 'Recompute sha256/size, or omit them to let the manager compute them',
  },
  IMAGE_TOO_LARGE: {
    status: 413,
    message: 'Image exceeds the size limit of {limit} bytes',
    suggestion: 'Register the file under MANAGER_IMAGE_ROOT instead of uploading it',
  },
  IMAGE_IN_USE: {
    status: 409,
    message: 'Image is in use',
    suggestion: 'Delete or change the VMs and templates that use it first',
  },
  IMAGE_IMPORT_FAILED: {
    status: 502,
    message: 'Image import failed',
    suggestion: 'Check that the URL is reachable from the manager',
  },
  IMAGE_NAME_EXISTS: {
    status: 409,
    message: "A {kind} image named '{name}' already exists in this project",
    suggestion: 'Choose another name or project',
  },
  TEMPLATE_NOT_FOUND: {
    status: 404,
    message: 'Template not found',
    suggestion: 'List templates with GET /v1/templates',
  },
  TEMPLATE_NAME_EXISTS: {
    status: 400,
    message: "Template name '{name}' already exists",
    suggestion: 'Choose another name',
  },
  DRIVE_NOT_FOUND: { status: 404, message: 'Drive not found', suggestion: 'List drives of the VM first' },
  DRIVE_EXISTS: {
    status: 400,
    message: "Drive '{drive_id}' already exists on this VM",
    suggestion: 'Use a different drive_id',
  },
  DRIVE_ROOT: {
    status: 400,
    message: 'Cannot delete root device',
    suggestion: 'Delete the VM instead, or add another drive',
  },
  DRIVE_SOURCE_REQUIRED: {
    status: 400,
    message: 'Drive needs a source',
    suggestion: 'Give image_id (a data image), path_on_host, or size_bytes for an empty volume',
  },
  DRIVE_CACHE_TYPE_UNSUPPORTED: {
    status: 400,
    message: "Drive cache type '{value}' is not supported (Firecracker has Unsafe and Writeback only)",
    suggestion:
      "Use Writeback (the guest's flushes reach the disk) or Unsafe (fastest; flushes are not passed on)",
  },
  NIC_NOT_FOUND: { status: 404, message: 'NIC not found', suggestion: 'List NICs of the VM first' },
  NIC_EXISTS: {
    status: 400,
    message: "Interface '{iface_id}' already exists on this VM",
    suggestion: 'Use a different iface_id',
  },
  NIC_TAP_CONFLICT: {
    status: 400,
    message: 'Cannot create NIC',
    suggestion: "TAP device '{tap}' already in use",
  },
  SNAPSHOT_NOT_FOUND: {
    status: 404,
    message: 'Snapshot not found',
    suggestion: 'List snapshots with GET /v1/vms/{id}/snapshots',
  },
  SNAPSHOT_EXISTS: {
    status: 409,
    message: 'Snapshot ID already exists',
    suggestion: 'Use a different snapshot name',
  },
  SNAPSHOT_PARENT_INVALID: {
    status: 400,
    message: 'Invalid parent snapshot',
    suggestion: 'A Diff snapshot needs parent_id of a completed snapshot of the same VM',
  },
  SNAPSHOT_HAS_CHILDREN: {
    status: 409,
    message: 'Snapshot has Diff snapshots based on it',
    suggestion: 'Delete its children first',
  },
  SNAPSHOT_FAILED: {
    status: 502,
    message: 'Snapshot creation failed',
    suggestion: 'Check the agent log and free disk space on the host',
  },
  NO_HOST_CAPACITY: {
    status: 503,
    message: 'No host has capacity for this VM',
    suggestion: 'Ensure host has available capacity: stop VMs or register another host',
  },
  HOST_OFFLINE: {
    status: 503,
    message: 'Host of this VM is offline',
    suggestion: 'Wait for the agent to reconnect, then retry',
  },
  HOST_NOT_FOUND: { status: 404, message: 'Host not found', suggestion: 'List hosts with GET /v1/hosts' },
  AGENT_FAILED: {
    status: 502,
    message: 'Agent request failed',
    suggestion: 'Check that the agent on the VM host is running and healthy',
  },
  METRICS_DISABLED: {
    status: 400,
    message: 'Metrics are disabled',
    suggestion: 'Start the manager with MANAGER_ENABLE_METRICS=1',
  },
  LOG_PATH_NOT_ALLOWED: {
    status: 400,
    message: 'Invalid path',
    suggestion: "Use vm_id=<id>; only a VM's own logs can be read",
  },
  UNAUTHORIZED: {
    status: 401,
    message: 'Authentication required',
    suggestion:
      'Send Authorization: Bearer <token> from POST /v1/auth/login or /v1/tokens (the admin token is in <dataDir>/admin-token)',
  },
  FORBIDDEN: {
    status: 403,
    message: 'Your role ({role}) may not do this',
    suggestion: 'Ask an admin for a token with the {needed} role',
  },
  LOGIN_FAILED: {
    status: 401,
    message: 'Wrong username or password',
    suggestion: 'Check both; the first admin password is in <dataDir>/admin-password',
  },
  /** 403, not 401: the caller is signed in; a 401 would make clients drop their session. */
  CURRENT_PASSWORD_WRONG: {
    status: 403,
    message: 'The current password is wrong',
    suggestion: 'Type the password you sign in with; an admin can set a new one with PATCH /v1/users/:id',
  },
  NO_PASSWORD: {
    status: 400,
    message: 'This credential belongs to no user account, so it has no password',
    suggestion: "Sign in as a user (POST /v1/auth/login) to change that user's password",
  },
  TICKET_INVALID: {
    status: 401,
    message: 'Invalid or used ticket',
    suggestion: 'Get a fresh ticket with POST /v1/tickets right before connecting; each works once',
  },
  RATE_LIMITED: {
    status: 429,
    message: 'Too many {class} requests',
    suggestion: 'Retry after {retry_after} s (limits are set by MANAGER_RATE_LIMITS)',
  },
  USER_NOT_FOUND: { status: 404, message: 'User not found', suggestion: 'List users with GET /v1/users' },
  USERNAME_EXISTS: {
    status: 409,
    message: "User '{username}' already exists",
    suggestion: 'Choose another username',
  },
  LAST_ADMIN: {
    status: 409,
    message: 'This is the last enabled admin',
    suggestion: 'Make another user admin first',
  },
  TOKEN_NOT_FOUND: { status: 404, message: 'Token not found', suggestion: 'List tokens with GET /v1/tokens' },
  ROLE_TOO_HIGH: {
    status: 403,
    message: 'A token cannot outrank its owner ({role})',
    suggestion: 'Ask for role {role} or lower',
  },
  AGENT_UNAUTHORIZED: {
    status: 401,
    message: 'Invalid agent credential',
    suggestion: 'Register the agent again with the join token',
  },
  AGENT_TLS_REQUIRED: {
    status: 400,
    message: 'This manager talks to agents over TLS only',
    suggestion: 'Start the agent with NQVM_AGENT_TLS=1 so it registers a key and serves https',
  },
  AGENT_HTTPS_REQUIRED: {
    status: 403,
    message: 'Agents reach this manager over https only (MANAGER_AGENT_TLS=1)',
    suggestion:
      'Set NQVM_MANAGER_URL=https://<manager>:{port} and NQVM_MANAGER_CA_SHA256 (in <dataDir>/tls/ca.sha256 on the manager)',
  },
  AGENT_PORT_ONLY: {
    status: 404,
    message: 'This port serves agents only',
    suggestion: 'Use the manager API on MANAGER_PORT (default 18080)',
  },
  JOIN_TOKEN_INVALID: {
    status: 401,
    message: 'Invalid join token',
    suggestion: 'Use the token from NQVM_JOIN_TOKEN or <dataDir>/join-token on the manager',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    message: 'Route {method} {url} not found',
    suggestion: 'See /docs for the list of routes',
  },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Request body too large', suggestion: 'Send a smaller body' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Unsupported content type',
    suggestion: 'Send application/json (or application/octet-stream for uploads)',
  },
  CONFLICT: { status: 409, message: 'Conflicting concurrent change', suggestion: 'Retry the request' },
  INTERNAL: {
    status: 500,
    message: 'Internal error',
    suggestion: 'Check the manager log; the request id is in it',
  },
} as const;

export const errors = defineErrors('MVM_ERR', ERROR_SPECS);
