// The agent's one registry of AGT_ERR_* codes; domain code throws these, one handler maps them to JSON.
import { defineErrors } from '@nqvm/core';

export const AGENT_ERROR_REGISTRY = {
  UNAUTHORIZED: {
    status: 401,
    message: 'Missing or wrong agent credential',
    suggestion:
      'Send "Authorization: Bearer <token>" with NQVM_AGENT_TOKEN or the credential from registration',
  },
  VALIDATION: {
    status: 400,
    message: 'Invalid request: {detail}',
    suggestion: 'Fix the request to match docs/agent-api.md (see /v1/openapi.json)',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    message: 'No route {method} {url}',
    suggestion: 'See /v1/openapi.json for the routes the agent serves',
  },
  VM_NOT_FOUND: {
    status: 404,
    message: 'VM {id} not found on this host',
    suggestion: 'List VMs with GET /v1/vms',
  },
  VM_EXISTS: {
    status: 409,
    message: 'VM {id} already exists with a different spec',
    suggestion: 'Delete it first or use another id',
  },
  VM_STATE: {
    status: 409,
    message: 'VM {id} is {state}; {action} needs it {needed}',
    suggestion: 'Bring the VM to the needed state first',
  },
  DRIVE_NOT_FOUND: { status: 404, message: 'Drive {drive_id} not found on VM {id}' },
  DRIVE_INVALID: { status: 400, message: 'Drive {drive_id}: {detail}' },
  NIC_NOT_FOUND: { status: 404, message: 'NIC {iface_id} not found on VM {id}' },
  SNAPSHOT_NOT_FOUND: { status: 404, message: 'Snapshot {snapshot_id} not found on VM {id}' },
  SNAPSHOT_EXISTS: {
    status: 409,
    message: 'Snapshot {snapshot_id} already exists on VM {id}',
    suggestion: 'Pick another snapshot_id',
  },
  IMAGE_MISSING: {
    status: 422,
    message: 'Image file {path} does not exist or is not a regular file',
    suggestion: 'Check the path or run "nqvm images prepare"',
  },
  PATH_REJECTED: {
    status: 400,
    message: 'Image path {path} refused ({reason})',
    suggestion:
      'Give an absolute path to a regular file under NQVM_IMAGE_ROOT ({roots}), without . or .. segments, %-escapes or control characters',
  },
  IMAGE_UNAVAILABLE: {
    status: 422,
    message: 'Image {image_id} ({sha256}) is not cached and cannot be fetched: {detail}',
    suggestion: 'Set NQVM_MANAGER_URL so the agent can download images, or pre-seed the image cache',
  },
  IMAGE_CHECKSUM: {
    status: 502,
    message: 'Image {image_id}: downloaded sha256 {actual} does not match {sha256}',
    suggestion: 'Re-upload the image to the manager',
  },
  ADDRESS_EXHAUSTED: {
    status: 507,
    message: 'No free guest address left in {cidr}',
    suggestion: 'Delete VMs or use a larger NQVM_SUBNET',
  },
  VMM_START: {
    status: 500,
    message: 'VMM for VM {id} did not start: {detail}',
    suggestion: 'Check NQVM_VMM and the VM log (GET /v1/vms/{id}/logs?kind=vmm)',
  },
  VMM_REFUSED: {
    status: 400,
    message: 'The VMM refused {method} {path}',
    suggestion: 'See fault_message: the VMM named what it does not accept',
  },
  VMM_API: { status: 502, message: 'The VMM failed {method} {path} ({status})' },
  HOST_COMMAND: { status: 500, message: 'Host command failed: {command}: {detail}' },
  CONSOLE_UNAVAILABLE: { status: 409, message: 'Console of VM {id} is not accepting input (VM {state})' },
  CONFIG_INVALID: {
    status: 500,
    message: 'Invalid setting {name}={value}: {detail}',
    suggestion: 'Fix {name} in the environment and start the agent again (see packages/agent/README.md)',
  },
  INTERNAL: { status: 500, message: 'Internal agent error: {detail}' },
} as const;

export const agentErrors = defineErrors('AGT_ERR', AGENT_ERROR_REGISTRY);
