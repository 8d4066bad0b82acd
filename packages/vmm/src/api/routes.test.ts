// The routing table covers every path and method of the reference spec, plus Firecracker's DELETE routes.
import { firecrackerRoutes } from '@nqvm/fc-api';
import { describe, expect, it } from 'vitest';
import type { HttpMethod } from '../parsers/parsed-request.js';
import { pathTokens, routeRequest } from './routes.js';

/** A body that parses for each spec route, so the test proves routing rather than validation. */
const SAMPLE_BODIES: Record<string, string> = {
  InstanceActionInfo: '{"action_type":"FlushMetrics"}',
  Balloon: '{"amount_mib":1,"deflate_on_oom":true}',
  BalloonUpdate: '{"amount_mib":1}',
  BalloonStatsUpdate: '{"stats_polling_interval_s":1}',
  BalloonStartCmd: '{}',
  BootSource: '{"kernel_image_path":"/k"}',
  CpuConfig: '{}',
  Drive: '{"drive_id":"x","is_root_device":false}',
  PartialDrive: '{"drive_id":"x"}',
  Pmem: '{"id":"x","path_on_host":"/p"}',
  PartialPmem: '{"id":"x"}',
  Logger: '{}',
  MachineConfiguration: '{"vcpu_count":1,"mem_size_mib":128}',
  Metrics: '{"metrics_path":"/m"}',
  MmdsContentsObject: '{}',
  MmdsConfig: '{"network_interfaces":["x"]}',
  EntropyDevice: '{}',
  SerialDevice: '{}',
  MemoryHotplugConfig: '{"total_size_mib":128}',
  MemoryHotplugSizeUpdate: '{"requested_size_mib":0}',
  NetworkInterface: '{"iface_id":"x","host_dev_name":"tap0"}',
  PartialNetworkInterface: '{"iface_id":"x"}',
  SnapshotCreateParams: '{"snapshot_path":"s","mem_file_path":"m"}',
  SnapshotLoadParams: '{"snapshot_path":"s","mem_backend":{"backend_type":"File","backend_path":"m"}}',
  Vm: '{"state":"Paused"}',
  Vsock: '{"guest_cid":3,"uds_path":"/v"}',
};

describe('routeRequest', () => {
  it.each(firecrackerRoutes.map((r) => [r.method, r.path, r.body] as const))(
    '%s %s parses',
    (method, path, body) => {
      const concrete = path.replace(/\{[^}]+\}/, 'x');
      const sample = body === null ? undefined : SAMPLE_BODIES[body];
      if (body !== null) expect(sample, `sample body for ${body}`).toBeDefined();
      const { outcome } = routeRequest(method as HttpMethod, concrete, sample);
      expect(outcome).toMatchObject({ ok: true });
    },
  );

  it.each(['drives', 'pmem', 'network-interfaces'])('DELETE /%s/{id} is a hot-unplug request', (resource) => {
    expect(routeRequest('DELETE', `/${resource}/x`, undefined).outcome).toMatchObject({
      ok: true,
      hotUnplug: { id: 'x' },
    });
  });

  it('answers unknown paths and methods with Firecracker wording (first segment only)', () => {
    expect(routeRequest('GET', '/foo/bar', undefined).outcome).toEqual({
      ok: false,
      status: 400,
      message: 'Invalid request method and/or path: GET foo.',
    });
    expect(routeRequest('PATCH', '/boot-source', '{}').outcome).toMatchObject({
      message: 'Invalid request method and/or path: PATCH boot-source.',
    });
    expect(routeRequest('GET', '/vm', undefined).outcome).toMatchObject({
      message: 'Invalid request method and/or path: GET vm.',
    });
    expect(routeRequest('DELETE', '/boot-source', undefined).outcome).toMatchObject({
      message: 'Invalid request method and/or path: DELETE boot-source.',
    });
  });

  it('answers body mistakes before the path', () => {
    expect(routeRequest('GET', '/', '{}').outcome).toMatchObject({
      message: 'GET request cannot have a body.',
    });
    expect(routeRequest('PUT', '/nowhere', undefined).outcome).toMatchObject({
      message: 'Empty PUT request.',
    });
    expect(routeRequest('PATCH', '/vm', undefined).outcome).toMatchObject({
      message: 'Empty PATCH request.',
    });
    expect(routeRequest('DELETE', '/drives/x', '{}').outcome).toMatchObject({
      message: 'Empty Delete request.',
    });
  });

  it('names the api_server metric of a route', () => {
    expect(routeRequest('PUT', '/drives/x', SAMPLE_BODIES.Drive).metric).toBe('put_api_requests.drive');
  });
});

describe('pathTokens', () => {
  it('splits like Rust split_terminator after trimming leading slashes', () => {
    expect(pathTokens('/')).toEqual([]);
    expect(pathTokens('//drives/')).toEqual(['drives']);
    expect(pathTokens('/drives//')).toEqual(['drives', '']);
  });
});
