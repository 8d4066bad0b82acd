// API conformance: a real fc-vmm server on a Unix socket, driven with the fc-api client over keep-alive.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createFirecrackerClient, type FirecrackerClient, type SnapshotLoadParams } from '@nqvm/fc-api';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY, json, type VmmAction } from '../actions.js';
import type { RuntimeController, VmBackend, VmExit } from '../backend.js';
import { VmmLogger } from '../process/vmm-logger.js';
import { startVmm, type VmmHandle } from '../start-vmm.js';
import type { VmResources } from '../vm-resources.js';

const dir = mkdtempSync(join(tmpdir(), 'fc-vmm-api-'));
const kernel = join(dir, 'vmlinux');
const rootfs = join(dir, 'rootfs.ext4');
writeFileSync(kernel, 'kernel');
writeFileSync(rootfs, 'rootfs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * fakeBackend: the real QEMU backend (src/qemu) is being written in parallel and isn't available
 * to these tests yet. This stand-in "boots" instantly so the post-boot API surface (state, routing
 * to the runtime, refusals, metrics) can be checked. Booting real guests is the QEMU backend's job.
 */
function fakeBackend(options: { failLoad?: string } = {}) {
  const actions: VmmAction[] = [];
  const booted: VmResources[] = [];
  const loaded: SnapshotLoadParams[] = [];
  let end: (exit: VmExit) => void = () => {};
  const runtime = (resources: VmResources, initial: 'Running' | 'Paused'): RuntimeController => {
    let state = initial;
    const exited = new Promise<VmExit>((resolve) => {
      end = resolve;
    });
    return {
      get state() {
        return state;
      },
      resources,
      exited,
      async handle(action) {
        actions.push(action);
        if (action.kind === 'Pause') state = 'Paused';
        if (action.kind === 'Resume') state = 'Running';
        if (action.kind === 'GetBalloonConfig') return json(resources.balloon);
        return EMPTY;
      },
      metrics: async () => ({ vmm: { device_events: 7 }, block: { read_count: 2 } }),
      kill: async () => end({ code: 0, reason: 'killed' }),
    };
  };
  const backend: VmBackend = {
    boot: async (resources) => {
      booted.push(resources);
      return runtime(resources, 'Running');
    },
    loadSnapshot: async (params) => {
      if (options.failLoad) throw new Error(options.failLoad);
      loaded.push(params);
      return runtime(emptyLike(), params.resume_vm ? 'Running' : 'Paused');
    },
  };
  return { backend, actions, booted, loaded, exit: (e: VmExit) => end(e) };
}

const emptyLike = (): VmResources => ({
  machineConfig: { vcpu_count: 1, mem_size_mib: 128 },
  drives: [],
  pmem: [],
  networkInterfaces: [],
});

/** Sends a body verbatim (malformed JSON, raw bytes) where the client would re-encode it. */
function rawText(socketPath: string, method: string, path: string, body?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: unknown }>(
    (resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(body);
      const req = request(
        { socketPath, method, path, headers: payload ? { 'Content-Length': payload.length } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: text ? JSON.parse(text) : null,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    },
  );
}

const fault = (message: string) => ({ fault_message: message });
const NOT_BEFORE = 'The requested operation is not supported before starting the microVM.';
const NOT_AFTER = 'The requested operation is not supported after starting the microVM.';

describe('fc-vmm API', () => {
  let vmm: VmmHandle;
  let client: FirecrackerClient;
  let fake: ReturnType<typeof fakeBackend>;
  let sock: string;
  let metricsPath: string;

  const boot = async () => {
    expect((await client.raw('PUT', '/boot-source', { kernel_image_path: kernel })).status).toBe(204);
    expect((await client.raw('PUT', '/actions', { action_type: 'InstanceStart' })).status).toBe(204);
  };

  beforeEach(async () => {
    sock = join(dir, `api-${Math.random().toString(36).slice(2)}.sock`);
    metricsPath = join(dir, `metrics-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(metricsPath, '');
    fake = fakeBackend();
    vmm = await startVmm({
      apiSock: sock,
      instanceId: 'conformance',
      backend: fake.backend,
      logger: new VmmLogger({ instanceId: 'conformance', fallback: () => {} }),
      consoleIn: new PassThrough(),
      consoleOut: new PassThrough(),
      runDirParent: dir,
      maxPayloadSize: 4096,
      mmdsSizeLimit: 2048,
    });
    client = createFirecrackerClient(sock);
  });

  afterEach(async () => {
    client.close();
    await vmm.shutdown();
  });

  describe('before boot', () => {
    it('GET / describes the instance', async () => {
      expect(await client.raw('GET', '/')).toMatchObject({
        status: 200,
        body: { app_name: 'Firecracker', id: 'conformance', state: 'Not started', vmm_version: '1.16.1' },
      });
    });

    it('GET /version', async () => {
      expect(await client.raw('GET', '/version')).toMatchObject({
        status: 200,
        body: { firecracker_version: '1.16.1' },
      });
    });

    it('PUT/PATCH/GET /machine-config', async () => {
      expect((await client.raw('PUT', '/machine-config', { vcpu_count: 2, mem_size_mib: 256 })).status).toBe(
        204,
      );
      expect((await client.raw('PATCH', '/machine-config', { track_dirty_pages: true })).status).toBe(204);
      expect(await client.raw('GET', '/machine-config')).toMatchObject({
        status: 200,
        body: { vcpu_count: 2, mem_size_mib: 256, smt: false, track_dirty_pages: true, huge_pages: 'None' },
      });
      expect(await client.raw('PUT', '/machine-config', { mem_size_mib: 128 })).toEqual(
        expect.objectContaining({
          status: 400,
          body: fault(
            'An error occurred when deserializing the json body of a request: missing field `vcpu_count` at line 1 column 20.',
          ),
        }),
      );
      expect((await client.raw('PATCH', '/machine-config', { vcpu_count: 33 })).body).toEqual(
        fault(
          'Machine config error: The number of vCPUs must be greater than 0, less than 32 and must be 1 or an even number if SMT is enabled.',
        ),
      );
    });

    it('sends the Deprecation header where Firecracker does', async () => {
      const res = await client.raw('PUT', '/machine-config', {
        vcpu_count: 1,
        mem_size_mib: 128,
        cpu_template: 'None',
      });
      expect(res.status).toBe(204);
      expect(res.headers.deprecation).toBe('true');
      expect((await client.raw('GET', '/machine-config')).headers.deprecation).toBeUndefined();
    });

    it('PUT /boot-source checks the kernel', async () => {
      expect(
        (await client.raw('PUT', '/boot-source', { kernel_image_path: join(dir, 'none') })).body,
      ).toEqual(
        fault('Boot source error: The kernel file cannot be opened: No such file or directory (os error 2)'),
      );
      expect(
        (await client.raw('PUT', '/boot-source', { kernel_image_path: kernel, boot_args: 'console=ttyS0' }))
          .status,
      ).toBe(204);
    });

    it('PUT /drives/{id}: id rules, mismatch, one root, and GET /vm/config reflects it', async () => {
      const root = { drive_id: 'rootfs', path_on_host: rootfs, is_root_device: true, is_read_only: false };
      expect((await client.raw('PUT', '/drives/root-fs', root)).body).toEqual(
        fault('API Resource IDs can only contain alphanumeric characters and underscores.'),
      );
      expect((await client.raw('PUT', '/drives/other', root)).body).toEqual(
        fault('The id from the path does not match the id from the body!'),
      );
      expect((await client.raw('PUT', '/drives/', root)).body).toEqual(fault('The ID cannot be empty.'));
      expect((await client.raw('PUT', '/drives/rootfs', root)).status).toBe(204);
      expect((await client.raw('PUT', '/drives/second', { ...root, drive_id: 'second' })).body).toEqual(
        fault('Drive config error: A root block device already exists!'),
      );
      const config = (await client.raw('GET', '/vm/config')).body as Record<string, unknown>;
      expect(config.drives).toEqual([
        {
          drive_id: 'rootfs',
          partuuid: null,
          is_root_device: true,
          cache_type: 'Unsafe',
          is_read_only: false,
          path_on_host: rootfs,
          rate_limiter: null,
          io_engine: 'Sync',
          socket: null,
        },
      ]);
      expect(config['boot-source']).toEqual({ kernel_image_path: '', initrd_path: null, boot_args: null });
    });

    it('PATCH /drives before boot is refused', async () => {
      expect(
        (await client.raw('PATCH', '/drives/rootfs', { drive_id: 'rootfs', path_on_host: rootfs })).body,
      ).toEqual(fault(NOT_BEFORE));
    });

    it('PUT /network-interfaces and /mmds/config', async () => {
      const nic = { iface_id: 'eth0', host_dev_name: 'tap0', guest_mac: '06:00:00:00:00:01' };
      expect((await client.raw('PUT', '/network-interfaces/eth1', nic)).body).toEqual(
        fault('The id from the path [eth1] does not match the id from the body [eth0]!'),
      );
      expect((await client.raw('PUT', '/network-interfaces/eth0', nic)).status).toBe(204);
      expect(
        (
          await client.raw('PUT', '/network-interfaces/eth1', {
            ...nic,
            iface_id: 'eth1',
            host_dev_name: 'tap1',
          })
        ).body,
      ).toEqual(fault('Network config error: The MAC address is already in use: 06:00:00:00:00:01'));
      expect((await client.raw('PATCH', '/network-interfaces/eth0', { iface_id: 'eth0' })).body).toEqual(
        fault(NOT_BEFORE),
      );
      expect((await client.raw('PUT', '/mmds/config', { network_interfaces: ['nope'] })).body).toEqual(
        fault(
          'MMMDS config error: The list of network interface IDs provided contains at least one ID that does not correspond to any existing network interface.',
        ),
      );
      const res = await client.raw('PUT', '/mmds/config', { version: 'V2', network_interfaces: ['eth0'] });
      expect(res.status).toBe(204);
      expect(res.headers.deprecation).toBeUndefined();
      expect((await client.raw('GET', '/vm/config')).body).toMatchObject({
        'mmds-config': { version: 'V2', network_interfaces: ['eth0'], ipv4_address: '169.254.169.254' },
        'network-interfaces': [
          {
            iface_id: 'eth0',
            host_dev_name: 'tap0',
            guest_mac: '06:00:00:00:00:01',
            rx_rate_limiter: null,
            tx_rate_limiter: null,
          },
        ],
      });
    });

    it('PUT/GET/PATCH /balloon and refused statistics and hinting', async () => {
      expect((await client.raw('GET', '/balloon')).body).toEqual(
        fault('Balloon config error: No balloon device found.'),
      );
      expect((await client.raw('PUT', '/balloon', { amount_mib: 1024, deflate_on_oom: false })).body).toEqual(
        fault('Balloon config error: Amount of pages requested is too large.'),
      );
      expect(
        (
          await client.raw('PUT', '/balloon', {
            amount_mib: 16,
            deflate_on_oom: true,
            stats_polling_interval_s: 1,
          })
        ).status,
      ).toBe(204);
      expect(await client.raw('GET', '/balloon')).toMatchObject({
        status: 200,
        body: { amount_mib: 16, deflate_on_oom: true, stats_polling_interval_s: 1 },
      });
      for (const [method, path, body] of [
        ['PATCH', '/balloon', { amount_mib: 2 }],
        ['GET', '/balloon/statistics', undefined],
        ['PATCH', '/balloon/statistics', { stats_polling_interval_s: 2 }],
        ['PATCH', '/balloon/hinting/start', {}],
        ['GET', '/balloon/hinting/status', undefined],
        ['PATCH', '/balloon/hinting/stop', undefined],
      ] as const) {
        expect((await client.raw(method, path, body)).body, `${method} ${path}`).toEqual(fault(NOT_BEFORE));
      }
    });

    it('PUT /vsock, /entropy, /serial, /cpu-config, /pmem and /hotplug/memory', async () => {
      expect(
        (await client.raw('PUT', '/vsock', { guest_cid: 3, uds_path: join(dir, 'v.sock') })).status,
      ).toBe(204);
      const deprecated = await client.raw('PUT', '/vsock', {
        vsock_id: 'v',
        guest_cid: 3,
        uds_path: join(dir, 'v.sock'),
      });
      expect(deprecated.headers.deprecation).toBe('true');
      expect((await client.raw('PUT', '/entropy', {})).status).toBe(204);
      expect((await client.raw('PUT', '/serial', { serial_out_path: join(dir, 'serial.out') })).status).toBe(
        204,
      );
      expect((await client.raw('PUT', '/cpu-config', { kvm_capabilities: [] })).status).toBe(204);
      expect((await client.raw('PUT', '/pmem/p0', { id: 'p0', path_on_host: rootfs })).status).toBe(204);
      expect((await client.raw('PATCH', '/pmem/p0', { id: 'p0' })).body).toEqual(fault(NOT_BEFORE));
      expect((await client.raw('PUT', '/hotplug/memory', { total_size_mib: 1024 })).status).toBe(204);
      expect((await client.raw('GET', '/hotplug/memory')).body).toEqual(fault(NOT_BEFORE));
      expect((await client.raw('PATCH', '/hotplug/memory', { requested_size_mib: 128 })).body).toEqual(
        fault(NOT_BEFORE),
      );
      expect((await client.raw('GET', '/vm/config')).body).toMatchObject({
        vsock: { guest_cid: 3, uds_path: join(dir, 'v.sock') },
        entropy: { rate_limiter: null },
        pmem: [{ id: 'p0', path_on_host: rootfs, root_device: false, read_only: false, rate_limiter: null }],
        'memory-hotplug': { total_size_mib: 1024, slot_size_mib: 128, block_size_mib: 2 },
      });
    });

    it('PUT /logger and /metrics', async () => {
      const logPath = join(dir, 'fc.log');
      writeFileSync(logPath, '');
      expect(
        (await client.raw('PUT', '/logger', { log_path: logPath, level: 'info', show_level: true })).status,
      ).toBe(204);
      expect((await client.raw('PUT', '/logger', { log_path: join(dir, 'missing', 'x.log') })).body).toEqual(
        fault('Logger error: Failed to open target file: No such file or directory (os error 2)'),
      );
      expect((await client.raw('PUT', '/metrics', { metrics_path: metricsPath })).status).toBe(204);
      expect((await client.raw('PUT', '/metrics', { metrics_path: metricsPath })).body).toEqual(
        fault('Metrics error: Reinitialization of metrics not allowed.'),
      );
      expect(readFileSync(logPath, 'utf8')).toMatch(
        /\[conformance:main:INFO\] The API server received a Put request on "\/metrics"/,
      );
    });

    it('MMDS data: PUT, PATCH (merge), GET and the size limit', async () => {
      expect(await client.raw('GET', '/mmds')).toMatchObject({ status: 200, body: {} });
      expect((await client.raw('PATCH', '/mmds', { a: 1 })).body).toEqual(
        fault('MMDS error: The MMDS data store is not initialized.'),
      );
      expect((await client.raw('PUT', '/mmds', { latest: { a: 1, b: 2 } })).status).toBe(204);
      expect((await client.raw('PATCH', '/mmds', { latest: { a: null, c: 3 } })).status).toBe(204);
      expect((await client.raw('GET', '/mmds')).body).toEqual({ latest: { b: 2, c: 3 } });
      const big = await client.raw('PUT', '/mmds', { blob: 'x'.repeat(3000) });
      expect(big.status).toBe(413);
      expect(big.body).toEqual(
        fault(
          "MMDS limit exceeded error: The MMDS patch request doesn't fit. The MMDS data store is limited to 2048 bytes.",
        ),
      );
    });

    it('answers actions that need a running VM with the pre-boot refusal', async () => {
      for (const [method, path, body] of [
        ['PATCH', '/vm', { state: 'Paused' }],
        ['PUT', '/actions', { action_type: 'SendCtrlAltDel' }],
        ['PUT', '/actions', { action_type: 'FlushMetrics' }],
        ['PUT', '/snapshot/create', { snapshot_path: 's', mem_file_path: 'm' }],
      ] as const) {
        expect((await client.raw(method, path, body)).body, `${method} ${path}`).toEqual(fault(NOT_BEFORE));
      }
      expect((await client.raw('DELETE', '/drives/rootfs')).body).toEqual(fault(NOT_BEFORE));
    });

    it('refuses InstanceStart without a kernel', async () => {
      expect((await client.raw('PUT', '/actions', { action_type: 'InstanceStart' })).body).toEqual(
        fault('Start microvm error: Cannot start microvm without kernel configuration.'),
      );
    });
  });

  describe('request errors', () => {
    it('words invalid paths, methods and bodies like Firecracker', async () => {
      expect(await client.raw('GET', '/nope')).toMatchObject({
        status: 400,
        body: fault('Invalid request method and/or path: GET nope.'),
      });
      expect((await client.raw('PATCH', '/boot-source', { kernel_image_path: kernel })).body).toEqual(
        fault('Invalid request method and/or path: PATCH boot-source.'),
      );
      expect((await client.raw('GET', '/', {})).body).toEqual(fault('GET request cannot have a body.'));
      expect((await client.raw('PUT', '/actions')).body).toEqual(fault('Empty PUT request.'));
      expect((await rawText(sock, 'PUT', '/actions', '{"action_type": "InstanceStart",}')).body).toEqual(
        fault(
          'An error occurred when deserializing the json body of a request: trailing comma at line 1 column 33.',
        ),
      );
      expect((await rawText(sock, 'PUT', '/actions', 'invalid_body')).body).toEqual(
        fault(
          'An error occurred when deserializing the json body of a request: expected value at line 1 column 1.',
        ),
      );
      const post = await rawText(sock, 'POST', '/actions', '{}');
      expect(post.status).toBe(400);
      expect(post.headers.connection).toBe('close');
    });

    it('answers 413 past --http-api-max-payload-size', async () => {
      const body = JSON.stringify({ x: 'y'.repeat(5000) });
      const res = await rawText(sock, 'PUT', '/mmds', body);
      expect(res.status).toBe(413);
      expect(res.body).toEqual(
        fault(`Request payload with size ${body.length} is larger than the limit of 4096 allowed by server.`),
      );
    });

    it('keeps the connection alive across requests', async () => {
      const first = await client.raw('GET', '/');
      const second = await client.raw('GET', '/version');
      expect(first.headers.connection).toBe('keep-alive');
      expect(second.headers.server).toBe('Firecracker API');
    });
  });

  describe('after boot (fakeBackend)', () => {
    it('hands the configured resources to VmBackend.boot', async () => {
      await client.raw('PUT', '/machine-config', { vcpu_count: 2, mem_size_mib: 256 });
      await client.raw('PUT', '/drives/rootfs', {
        drive_id: 'rootfs',
        path_on_host: rootfs,
        is_root_device: true,
        is_read_only: true,
      });
      await boot();
      expect(fake.booted).toHaveLength(1);
      expect(fake.booted[0]).toMatchObject({
        machineConfig: { vcpu_count: 2, mem_size_mib: 256 },
        bootSource: { kernel_image_path: kernel },
        drives: [{ drive_id: 'rootfs', is_read_only: true }],
      });
      expect((await client.raw('GET', '/')).body).toMatchObject({ state: 'Running' });
    });

    it('routes runtime actions to the RuntimeController and reports its state', async () => {
      await boot();
      expect((await client.raw('PATCH', '/vm', { state: 'Paused' })).status).toBe(204);
      expect((await client.raw('GET', '/')).body).toMatchObject({ state: 'Paused' });
      await client.raw('PUT', '/snapshot/create', { snapshot_path: 's', mem_file_path: 'm' });
      await client.raw('PATCH', '/vm', { state: 'Resumed' });
      await client.raw('PATCH', '/drives/rootfs', { drive_id: 'rootfs', path_on_host: rootfs });
      expect(fake.actions.map((a) => a.kind)).toEqual([
        'Pause',
        'CreateSnapshot',
        'Resume',
        'UpdateBlockDevice',
      ]);
    });

    it('refuses pre-boot configuration, hotplug PUT and hot-unplug after boot', async () => {
      await boot();
      for (const [method, path, body] of [
        ['PUT', '/boot-source', { kernel_image_path: kernel }],
        ['PUT', '/machine-config', { vcpu_count: 1, mem_size_mib: 128 }],
        ['PATCH', '/machine-config', { vcpu_count: 2 }],
        [
          'PUT',
          '/drives/extra',
          { drive_id: 'extra', path_on_host: rootfs, is_root_device: false, is_read_only: true },
        ],
        ['PUT', '/network-interfaces/eth9', { iface_id: 'eth9', host_dev_name: 'tap9' }],
        ['PUT', '/pmem/p9', { id: 'p9', path_on_host: rootfs }],
        ['PUT', '/mmds/config', { network_interfaces: ['eth0'] }],
        ['PUT', '/actions', { action_type: 'InstanceStart' }],
        [
          'PUT',
          '/snapshot/load',
          { snapshot_path: 's', mem_backend: { backend_type: 'File', backend_path: 'm' } },
        ],
      ] as const) {
        expect((await client.raw(method, path, body)).body, `${method} ${path}`).toEqual(fault(NOT_AFTER));
      }
      expect((await client.raw('DELETE', '/drives/rootfs')).body).toEqual(
        fault(
          'The requested operation is not supported: hot-unplug needs PCI (firecracker --enable-pci); fc-vmm runs virtio devices on virtio-mmio.',
        ),
      );
      expect(fake.actions).toEqual([]);
    });

    it('keeps MMDS data, version and config answers available after boot', async () => {
      await boot();
      expect((await client.raw('PUT', '/mmds', { a: 1 })).status).toBe(204);
      expect((await client.raw('GET', '/mmds')).body).toEqual({ a: 1 });
      expect((await client.raw('GET', '/version')).status).toBe(200);
      expect((await client.raw('GET', '/vm/config')).body).toMatchObject({
        'boot-source': { kernel_image_path: kernel },
      });
    });

    it('FlushMetrics writes one Firecracker-format line merging runtime and API counters', async () => {
      expect((await client.raw('PUT', '/metrics', { metrics_path: metricsPath })).status).toBe(204);
      await boot();
      expect((await client.raw('PUT', '/actions', { action_type: 'FlushMetrics' })).status).toBe(204);
      const lines = readFileSync(metricsPath, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0] as string);
      expect(line.utc_timestamp_ms).toEqual(expect.any(Number));
      expect(line.api_server.process_startup_time_us).toBeGreaterThan(0);
      expect(line.vmm).toEqual({ device_events: 7 });
      expect(line.block).toEqual({ read_count: 2 });
      expect(line.put_api_requests).toMatchObject({
        metrics_count: 1,
        boot_source_count: 1,
        actions_count: 1,
      });
      for (const group of [
        'net',
        'vcpu',
        'balloon',
        'mmds',
        'get_api_requests',
        'patch_api_requests',
        'logger',
      ]) {
        expect(line, group).toHaveProperty(group);
      }
    });

    it('finishes when the VM exits, with its exit code', async () => {
      await boot();
      fake.exit({ code: 3, reason: 'guest panicked' });
      await expect(vmm.done).resolves.toEqual({ code: 3, reason: 'guest panicked' });
    });
  });

  describe('snapshot load', () => {
    it('restores on a fresh process through VmBackend.loadSnapshot', async () => {
      const res = await client.raw('PUT', '/snapshot/load', {
        snapshot_path: 's',
        mem_file_path: 'm',
        resume_vm: true,
      });
      expect(res.status).toBe(204);
      expect(res.headers.deprecation).toBe('true');
      expect(fake.loaded).toEqual([
        { snapshot_path: 's', mem_backend: { backend_type: 'File', backend_path: 'm' }, resume_vm: true },
      ]);
      expect((await client.raw('GET', '/')).body).toMatchObject({ state: 'Running' });
    });

    it('is refused once a boot-specific resource is configured, but not after logger/metrics', async () => {
      expect((await client.raw('PUT', '/metrics', { metrics_path: metricsPath })).status).toBe(204);
      expect((await client.raw('PUT', '/mmds', { a: 1 })).status).toBe(204);
      expect((await client.raw('PUT', '/boot-source', { kernel_image_path: kernel })).status).toBe(204);
      const load = { snapshot_path: 's', mem_backend: { backend_type: 'File', backend_path: 'm' } };
      expect((await client.raw('PUT', '/snapshot/load', load)).body).toEqual(
        fault(
          'Load snapshot error: Loading a microVM snapshot not allowed after configuring boot-specific resources.',
        ),
      );
    });
  });
});

describe('fc-vmm API: a failed restore is fatal', () => {
  it('answers the error, then ends the instance with a non-zero code', async () => {
    const sock = join(dir, 'fatal.sock');
    const fake = fakeBackend({ failLoad: 'snapshot file is corrupt' });
    const vmm = await startVmm({
      apiSock: sock,
      backend: fake.backend,
      logger: new VmmLogger({ instanceId: 'fatal', fallback: () => {} }),
      runDirParent: dir,
    });
    const client = createFirecrackerClient(sock);
    try {
      const load = { snapshot_path: 's', mem_backend: { backend_type: 'File', backend_path: 'm' } };
      expect((await client.raw('PUT', '/snapshot/load', load)).body).toEqual(
        fault('Load snapshot error: Failed to restore from snapshot: snapshot file is corrupt'),
      );
      await expect(vmm.done).resolves.toMatchObject({ code: 1 });
    } finally {
      client.close();
      await vmm.shutdown();
    }
  });
});
