// --config-file: Firecracker's JSON format, the same setters as the API, then a boot.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMPTY } from '../actions.js';
import type { RuntimeController, VmBackend } from '../backend.js';
import { VmmLogger } from '../process/vmm-logger.js';
import { startVmm } from '../start-vmm.js';
import type { VmResources } from '../vm-resources.js';
import { applyConfigFile, ConfigFileError, parseConfigFile } from './config-file.js';
import { ResourcesBuilder } from './resources-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'fc-vmm-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const kernel = join(dir, 'vmlinux');
const rootfs = join(dir, 'rootfs.ext4');
writeFileSync(kernel, 'k');
writeFileSync(rootfs, 'r');

const services = { configureLogger: () => {}, configureMetrics: () => {} };
const message = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigFileError) return err.message;
    throw err;
  }
  throw new Error('accepted');
};

const doc = {
  'boot-source': { kernel_image_path: kernel, boot_args: 'console=ttyS0' },
  drives: [{ drive_id: 'rootfs', path_on_host: rootfs, is_root_device: true, is_read_only: false }],
  'machine-config': { vcpu_count: 2, mem_size_mib: 256 },
  'network-interfaces': [{ iface_id: 'eth0', host_dev_name: 'tap0' }],
  'mmds-config': { network_interfaces: ['eth0'] },
  balloon: { amount_mib: 64, deflate_on_oom: true },
  'unknown-key': 'ignored, as Firecracker does',
};

describe('config file', () => {
  it('applies every section through the builder', () => {
    const builder = new ResourcesBuilder();
    applyConfigFile(parseConfigFile(JSON.stringify(doc)), builder, services);
    expect(builder.snapshot()).toMatchObject({
      machineConfig: { vcpu_count: 2, mem_size_mib: 256 },
      bootSource: { kernel_image_path: kernel },
      drives: [{ drive_id: 'rootfs' }],
      networkInterfaces: [{ iface_id: 'eth0' }],
      mmdsConfig: { network_interfaces: ['eth0'], version: 'V1' },
      balloon: { amount_mib: 64 },
    });
  });

  it('words failures like Firecracker ResourcesError', () => {
    expect(message(() => parseConfigFile('{'))).toBe(
      'Configuration for VMM from one single json failed: Invalid JSON: EOF while parsing an object at line 1 column 1',
    );
    const twoRoots = { ...doc, drives: [doc.drives[0], { ...doc.drives[0], drive_id: 'other' }] };
    expect(
      message(() =>
        applyConfigFile(parseConfigFile(JSON.stringify(twoRoots)), new ResourcesBuilder(), services),
      ),
    ).toBe(
      'Configuration for VMM from one single json failed: Block device error: A root block device already exists!',
    );
    const tooBig = { ...doc, balloon: { amount_mib: 1024, deflate_on_oom: true } };
    expect(
      message(() =>
        applyConfigFile(parseConfigFile(JSON.stringify(tooBig)), new ResourcesBuilder(), services),
      ),
    ).toBe(
      'Configuration for VMM from one single json failed: Balloon device error: Amount of pages requested is too large.',
    );
  });

  it('boots the configured VM without an API socket', async () => {
    const booted: VmResources[] = [];
    let stop: () => void = () => {};
    const backend: VmBackend = {
      boot: async (resources) => {
        booted.push(resources);
        const runtime: RuntimeController = {
          state: 'Running',
          resources,
          handle: async () => EMPTY,
          metrics: async () => ({}),
          exited: new Promise((resolve) => {
            stop = () => resolve({ code: 0, reason: 'guest shut down' });
          }),
          kill: async () => stop(),
        };
        return runtime;
      },
      loadSnapshot: async () => {
        throw new Error('not used');
      },
    };
    const vmm = await startVmm({
      apiSock: null,
      backend,
      config: JSON.stringify(doc),
      logger: new VmmLogger({ instanceId: 'cfg', fallback: () => {} }),
      runDirParent: dir,
    });
    expect(vmm.api).toBeUndefined();
    expect(booted[0]).toMatchObject({ machineConfig: { vcpu_count: 2 } });
    expect(vmm.dispatcher.state).toBe('Running');
    stop();
    await expect(vmm.done).resolves.toEqual({ code: 0, reason: 'guest shut down' });
    await vmm.shutdown();
  });
});
