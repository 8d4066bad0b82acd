// The one routing table: (method, first path segment, body present?) → a resource parser, in Firecracker's order.
import { parsePutActions } from '../parsers/actions.parser.js';
import { parseGetBalloon, parsePatchBalloon, parsePutBalloon } from '../parsers/balloon.parser.js';
import { parsePutBootSource } from '../parsers/boot-source.parser.js';
import { parsePutCpuConfig } from '../parsers/cpu-config.parser.js';
import { parsePatchDrive, parsePutDrive } from '../parsers/drive.parser.js';
import { parsePutEntropy } from '../parsers/entropy.parser.js';
import { parseDeleteDevice } from '../parsers/hot-unplug.parser.js';
import { parseGetInstanceInfo, parseGetVersion } from '../parsers/instance.parser.js';
import { parsePutLogger } from '../parsers/logger.parser.js';
import {
  parseGetMachineConfig,
  parsePatchMachineConfig,
  parsePutMachineConfig,
} from '../parsers/machine-config.parser.js';
import {
  parseGetMemoryHotplug,
  parsePatchMemoryHotplug,
  parsePutMemoryHotplug,
} from '../parsers/memory-hotplug.parser.js';
import { parsePutMetrics } from '../parsers/metrics.parser.js';
import { parseGetMmds, parsePatchMmds, parsePutMmds } from '../parsers/mmds.parser.js';
import { parsePatchNetworkInterface, parsePutNetworkInterface } from '../parsers/network-interface.parser.js';
import {
  type HttpMethod,
  invalidPathMethod,
  methodError,
  type ParseOutcome,
  type Parser,
} from '../parsers/parsed-request.js';
import { parsePatchPmem, parsePutPmem } from '../parsers/pmem.parser.js';
import { parsePutSerial } from '../parsers/serial.parser.js';
import { parsePutSnapshot } from '../parsers/snapshot.parser.js';
import { parseGetVmConfig, parsePatchVm } from '../parsers/vm.parser.js';
import { parsePutVsock } from '../parsers/vsock.parser.js';

interface Route {
  method: HttpMethod;
  /** First path segment ('' for `/`), or '*' for any. */
  resource: string;
  /** Whether the arm matches requests with a body, without one, or both. */
  body: 'none' | 'some' | 'any';
  /** A required second segment, consumed before the parser sees the rest (Firecracker's guards). */
  sub?: string;
  parse: Parser;
  /** Firecracker's api_server metric, `<group>.<name>`: counts `<name>_count` and `<name>_fails`. */
  metric?: string;
}

const refuse =
  (method: HttpMethod): Parser =>
  () => ({ ok: false, status: 400, message: methodError(method).message });

/** Order matters: the first matching arm wins, exactly like Firecracker's `match` in parsed_request.rs. */
export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    resource: '',
    body: 'none',
    parse: parseGetInstanceInfo,
    metric: 'get_api_requests.instance_info',
  },
  { method: 'GET', resource: 'balloon', body: 'none', parse: parseGetBalloon },
  {
    method: 'GET',
    resource: 'version',
    body: 'none',
    parse: parseGetVersion,
    metric: 'get_api_requests.vmm_version',
  },
  { method: 'GET', resource: 'vm', body: 'none', sub: 'config', parse: parseGetVmConfig },
  {
    method: 'GET',
    resource: 'machine-config',
    body: 'none',
    parse: parseGetMachineConfig,
    metric: 'get_api_requests.machine_cfg',
  },
  { method: 'GET', resource: 'mmds', body: 'none', parse: parseGetMmds, metric: 'get_api_requests.mmds' },
  {
    method: 'GET',
    resource: 'hotplug',
    body: 'none',
    sub: 'memory',
    parse: parseGetMemoryHotplug,
    metric: 'get_api_requests.hotplug_memory',
  },
  { method: 'GET', resource: '*', body: 'some', parse: refuse('GET') },
  {
    method: 'PUT',
    resource: 'actions',
    body: 'some',
    parse: parsePutActions,
    metric: 'put_api_requests.actions',
  },
  { method: 'PUT', resource: 'balloon', body: 'some', parse: parsePutBalloon },
  {
    method: 'PUT',
    resource: 'boot-source',
    body: 'some',
    parse: parsePutBootSource,
    metric: 'put_api_requests.boot_source',
  },
  {
    method: 'PUT',
    resource: 'cpu-config',
    body: 'some',
    parse: parsePutCpuConfig,
    metric: 'put_api_requests.cpu_cfg',
  },
  { method: 'PUT', resource: 'drives', body: 'some', parse: parsePutDrive, metric: 'put_api_requests.drive' },
  { method: 'PUT', resource: 'pmem', body: 'some', parse: parsePutPmem, metric: 'put_api_requests.pmem' },
  {
    method: 'PUT',
    resource: 'logger',
    body: 'some',
    parse: parsePutLogger,
    metric: 'put_api_requests.logger',
  },
  {
    method: 'PUT',
    resource: 'serial',
    body: 'some',
    parse: parsePutSerial,
    metric: 'put_api_requests.serial',
  },
  {
    method: 'PUT',
    resource: 'machine-config',
    body: 'some',
    parse: parsePutMachineConfig,
    metric: 'put_api_requests.machine_cfg',
  },
  {
    method: 'PUT',
    resource: 'metrics',
    body: 'some',
    parse: parsePutMetrics,
    metric: 'put_api_requests.metrics',
  },
  { method: 'PUT', resource: 'mmds', body: 'some', parse: parsePutMmds, metric: 'put_api_requests.mmds' },
  {
    method: 'PUT',
    resource: 'network-interfaces',
    body: 'some',
    parse: parsePutNetworkInterface,
    metric: 'put_api_requests.network',
  },
  { method: 'PUT', resource: 'snapshot', body: 'some', parse: parsePutSnapshot },
  { method: 'PUT', resource: 'vsock', body: 'some', parse: parsePutVsock, metric: 'put_api_requests.vsock' },
  { method: 'PUT', resource: 'entropy', body: 'some', parse: parsePutEntropy },
  {
    method: 'PUT',
    resource: 'hotplug',
    body: 'some',
    sub: 'memory',
    parse: parsePutMemoryHotplug,
    metric: 'put_api_requests.hotplug_memory',
  },
  { method: 'PUT', resource: '*', body: 'none', parse: refuse('PUT') },
  { method: 'PATCH', resource: 'balloon', body: 'any', parse: parsePatchBalloon },
  {
    method: 'PATCH',
    resource: 'drives',
    body: 'some',
    parse: parsePatchDrive,
    metric: 'patch_api_requests.drive',
  },
  {
    method: 'PATCH',
    resource: 'machine-config',
    body: 'some',
    parse: parsePatchMachineConfig,
    metric: 'patch_api_requests.machine_cfg',
  },
  {
    method: 'PATCH',
    resource: 'mmds',
    body: 'some',
    parse: parsePatchMmds,
    metric: 'patch_api_requests.mmds',
  },
  {
    method: 'PATCH',
    resource: 'network-interfaces',
    body: 'some',
    parse: parsePatchNetworkInterface,
    metric: 'patch_api_requests.network',
  },
  {
    method: 'PATCH',
    resource: 'pmem',
    body: 'some',
    parse: parsePatchPmem,
    metric: 'patch_api_requests.pmem',
  },
  { method: 'PATCH', resource: 'vm', body: 'some', parse: parsePatchVm },
  {
    method: 'PATCH',
    resource: 'hotplug',
    body: 'some',
    sub: 'memory',
    parse: parsePatchMemoryHotplug,
    metric: 'patch_api_requests.hotplug_memory',
  },
  { method: 'PATCH', resource: '*', body: 'none', parse: refuse('PATCH') },
  { method: 'DELETE', resource: 'drives', body: 'none', parse: parseDeleteDevice('drive') },
  { method: 'DELETE', resource: 'pmem', body: 'none', parse: parseDeleteDevice('pmem') },
  {
    method: 'DELETE',
    resource: 'network-interfaces',
    body: 'none',
    parse: parseDeleteDevice('network-interface'),
  },
  { method: 'DELETE', resource: '*', body: 'some', parse: refuse('DELETE') },
];

export interface RoutedRequest {
  outcome: ParseOutcome;
  metric?: string;
}

export const SUPPORTED_METHODS: readonly string[] = ['GET', 'PUT', 'PATCH', 'DELETE'];

/** Splits a path the way Firecracker does: leading slashes trimmed, no trailing empty segment. */
export function pathTokens(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '');
  const tokens = trimmed.split('/');
  if (tokens.at(-1) === '') tokens.pop();
  return tokens;
}

export function routeRequest(method: HttpMethod, path: string, body: string | undefined): RoutedRequest {
  const [resource = '', ...rest] = pathTokens(path);
  const hasBody = body !== undefined;
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    if (route.resource !== '*' && route.resource !== resource) continue;
    if (route.body === 'some' && !hasBody) continue;
    if (route.body === 'none' && hasBody) continue;
    let params = rest;
    if (route.sub !== undefined) {
      if (rest[0] !== route.sub) continue;
      params = rest.slice(1);
    }
    const outcome = route.parse({ method, params, body });
    return route.metric === undefined ? { outcome } : { outcome, metric: route.metric };
  }
  const error = invalidPathMethod(method, resource);
  return { outcome: { ok: false, status: 400, message: error.message } };
}
