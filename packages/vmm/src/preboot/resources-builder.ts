// The resources builder: one setter per resource, each applying Firecracker's validation before it stores.
import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type {
  Balloon,
  BootSource,
  CpuConfig,
  Drive,
  EntropyDevice,
  Logger,
  MachineConfiguration,
  MemoryHotplugConfig,
  Metrics,
  MmdsConfig,
  NetworkInterface,
  Pmem,
  SerialDevice,
  Vsock,
} from '@nqvm/fc-api';
import { emptyResources, type VmResources } from '../vm-resources.js';
import { osError, ResourceError } from './resource-error.js';

export const MAX_SUPPORTED_VCPUS = 32;
/** Linux's IFNAMSIZ is 16 including the terminating NUL. */
const MAX_IFNAME_LEN = 15;
export const DEFAULT_MMDS_IPV4 = '169.254.169.254';

const HUGE_PAGES_AND_BALLOON = "Firecracker's huge pages support is incompatible with memory ballooning.";
const HUGE_PAGES_AND_INITRD = "Firecracker's huge pages support is incompatible with initrds.";

/** Checks that a path opens the way the VMM will open it; Rust's io::Error text on failure. */
function openable(path: string, writable: boolean): string | undefined {
  try {
    closeSync(openSync(path, writable ? 'r+' : 'r'));
    return undefined;
  } catch (err) {
    return osError(err);
  }
}

export class ResourcesBuilder {
  private readonly res: VmResources = emptyResources();

  /** A deep copy: what a backend boots must not change under it. */
  snapshot(): VmResources {
    return structuredClone(this.res);
  }

  get machineConfig(): VmResources['machineConfig'] {
    return { ...this.res.machineConfig };
  }

  get balloon(): Balloon | undefined {
    return this.res.balloon;
  }

  get hasBootSource(): boolean {
    return this.res.bootSource !== undefined;
  }

  setBootSource(config: BootSource): void {
    const kernelProblem = openable(config.kernel_image_path, false);
    if (kernelProblem)
      throw new ResourceError('boot-source', `The kernel file cannot be opened: ${kernelProblem}`);
    if (config.initrd_path !== undefined) {
      if (this.res.machineConfig.huge_pages === '2M')
        throw new ResourceError('boot-source', HUGE_PAGES_AND_INITRD);
      const initrdProblem = openable(config.initrd_path, false);
      if (initrdProblem) {
        throw new ResourceError(
          'boot-source',
          `The initrd file cannot be opened due to invalid path or invalid permissions. ${initrdProblem}`,
        );
      }
    }
    if (config.boot_args?.includes('\0')) {
      throw new ResourceError(
        'boot-source',
        'The kernel command line is invalid: String contains a null byte',
      );
    }
    this.res.bootSource = { ...config };
  }

  /** PUT /machine-config: unset fields return to their defaults, except the CPU template (as in Firecracker). */
  setMachineConfig(config: MachineConfiguration): void {
    const update: Partial<MachineConfiguration> = {
      vcpu_count: config.vcpu_count,
      mem_size_mib: config.mem_size_mib,
      smt: config.smt ?? false,
      track_dirty_pages: config.track_dirty_pages ?? false,
      huge_pages: config.huge_pages ?? 'None',
    };
    if (config.cpu_template !== undefined) update.cpu_template = config.cpu_template;
    this.updateMachineConfig(update);
  }

  /** PATCH /machine-config: only the given fields change; the whole update fails if any is invalid. */
  updateMachineConfig(update: Partial<MachineConfiguration>): void {
    const current = this.res.machineConfig;
    const vcpus = update.vcpu_count ?? current.vcpu_count;
    const smt = update.smt ?? current.smt ?? false;
    if (vcpus === 0 || vcpus > MAX_SUPPORTED_VCPUS || (smt && vcpus > 1 && vcpus % 2 === 1)) {
      throw new ResourceError(
        'machine-config',
        `The number of vCPUs must be greater than 0, less than ${MAX_SUPPORTED_VCPUS} and must be 1 or an even number if SMT is enabled.`,
      );
    }
    const mem = update.mem_size_mib ?? current.mem_size_mib;
    const hugePages = update.huge_pages ?? current.huge_pages ?? 'None';
    if (mem === 0 || (hugePages === '2M' && mem % 2 !== 0)) {
      throw new ResourceError(
        'machine-config',
        'The memory size (MiB) is either 0, or not a multiple of the configured page size.',
      );
    }
    if (this.res.balloon && mem < this.res.balloon.amount_mib) {
      throw new ResourceError(
        'machine-config',
        'The memory size (MiB) is smaller than the previously set balloon device target size.',
      );
    }
    if (this.res.balloon && hugePages !== 'None')
      throw new ResourceError('machine-config', HUGE_PAGES_AND_BALLOON);
    if (this.res.bootSource?.initrd_path !== undefined && hugePages === '2M') {
      throw new ResourceError('machine-config', HUGE_PAGES_AND_INITRD);
    }
    const next: VmResources['machineConfig'] = {
      vcpu_count: vcpus,
      mem_size_mib: mem,
      smt,
      track_dirty_pages: update.track_dirty_pages ?? current.track_dirty_pages ?? false,
      huge_pages: hugePages,
    };
    // "None" clears a template, absence keeps the current one.
    const template = update.cpu_template === undefined ? current.cpu_template : update.cpu_template;
    if (template !== undefined && template !== 'None') next.cpu_template = template;
    this.res.machineConfig = next;
  }

  setCpuConfig(config: CpuConfig): void {
    this.res.cpuConfig = structuredClone(config);
  }

  insertBlockDevice(config: Drive): void {
    const drives = this.res.drives;
    const index = drives.findIndex((d) => d.drive_id === config.drive_id);
    if (config.is_root_device) {
      if (this.res.pmem.some((p) => p.root_device)) {
        throw new ResourceError(
          'drive',
          'Attempt to add block as a root device while the root device defined as a pmem device',
        );
      }
      const root = drives.findIndex((d) => d.is_root_device);
      if (root !== -1 && root !== index)
        throw new ResourceError('drive', 'A root block device already exists!');
    }
    if (config.socket !== undefined) {
      throw new ResourceError(
        'drive',
        'Unable to create the virtio block device: vhost-user block devices (`socket`) are not supported by fc-vmm',
      );
    }
    if (config.path_on_host === undefined || config.is_read_only === undefined) {
      throw new ResourceError(
        'drive',
        'Unable to create the virtio block device: `path_on_host` and `is_read_only` are required for a virtio-block device',
      );
    }
    const problem = openable(config.path_on_host, !config.is_read_only);
    if (problem) {
      throw new ResourceError(
        'drive',
        `Unable to create the virtio block device: Virtio backend error: Error manipulating the backing file: ${problem} ${config.path_on_host}`,
      );
    }
    const drive: Drive = { cache_type: 'Unsafe', io_engine: 'Sync', ...structuredClone(config) };
    if (index === -1) {
      // The root device goes first, as in Firecracker, so it becomes /dev/vda.
      if (drive.is_root_device) drives.unshift(drive);
      else drives.push(drive);
    } else {
      drives[index] = drive;
      if (drive.is_root_device && index !== 0) drives.unshift(...drives.splice(index, 1));
    }
  }

  insertPmem(config: Pmem): void {
    const index = this.res.pmem.findIndex((p) => p.id === config.id);
    if (config.root_device) {
      if (this.res.drives.some((d) => d.is_root_device)) {
        throw new ResourceError(
          'pmem',
          'Attempt to add pmem as a root device while the root device defined as a block device',
        );
      }
      const root = this.res.pmem.findIndex((p) => p.root_device);
      if (root !== -1 && root !== index)
        throw new ResourceError('pmem', 'A root pmem device already exists!');
    }
    const problem = openable(config.path_on_host, !config.read_only);
    if (problem)
      throw new ResourceError('pmem', `Unable to open the backing file: ${problem} ${config.path_on_host}`);
    const pmem: Pmem = { root_device: false, read_only: false, ...structuredClone(config) };
    if (index === -1) this.res.pmem.push(pmem);
    else this.res.pmem[index] = pmem;
  }

  insertNetworkInterface(config: NetworkInterface): void {
    const others = this.res.networkInterfaces.filter((n) => n.iface_id !== config.iface_id);
    const mac = config.guest_mac?.toLowerCase();
    if (mac !== undefined && others.some((n) => n.guest_mac?.toLowerCase() === mac)) {
      throw new ResourceError('network', `The MAC address is already in use: ${mac}`);
    }
    if (config.host_dev_name.length === 0 || config.host_dev_name.length > MAX_IFNAME_LEN) {
      throw new ResourceError(
        'network',
        'Could not create the network device: Open tap device failed: Invalid interface name',
      );
    }
    if (others.some((n) => n.host_dev_name === config.host_dev_name)) {
      // What Firecracker reports when a second device opens a TAP that is already attached.
      throw new ResourceError(
        'network',
        `Could not create the network device: Open tap device failed: Error while creating ifreq structure: Resource busy (os error 16). Invalid TUN/TAP Backend provided by ${config.host_dev_name}. Check our documentation on setting up the network devices.`,
      );
    }
    const nic = structuredClone(config);
    const index = this.res.networkInterfaces.findIndex((n) => n.iface_id === config.iface_id);
    if (index === -1) this.res.networkInterfaces.push(nic);
    else this.res.networkInterfaces[index] = nic;
  }

  setVsock(config: Vsock): void {
    if (config.guest_cid < 3) {
      throw new ResourceError(
        'vsock',
        'Cannot create vsock device: guest_cid must be 3 or more (0, 1 and 2 are reserved)',
      );
    }
    const bindError = (why: string) =>
      new ResourceError(
        'vsock',
        `Cannot create backend for vsock device: Error binding to the host-side Unix socket: ${why}`,
      );
    const path = resolve(config.uds_path);
    // Firecracker binds the socket right away; we check what would make that bind fail.
    if (this.res.vsock?.uds_path !== config.uds_path && pathExists(path)) {
      throw bindError('Address in use (os error 98)');
    }
    try {
      accessSync(dirname(path), constants.W_OK);
    } catch (err) {
      throw bindError(osError(err));
    }
    this.res.vsock = { ...config };
  }

  setBalloon(config: Balloon): void {
    if (config.amount_mib > this.res.machineConfig.mem_size_mib) {
      throw new ResourceError('balloon', 'Amount of pages requested is too large.');
    }
    if ((this.res.machineConfig.huge_pages ?? 'None') !== 'None') {
      throw new ResourceError('balloon', HUGE_PAGES_AND_BALLOON);
    }
    this.res.balloon = {
      amount_mib: config.amount_mib,
      deflate_on_oom: config.deflate_on_oom,
      stats_polling_interval_s: config.stats_polling_interval_s ?? 0,
      free_page_hinting: config.free_page_hinting ?? false,
      free_page_reporting: config.free_page_reporting ?? false,
    };
  }

  setEntropy(config: EntropyDevice): void {
    this.res.entropy = structuredClone(config);
  }

  setMmdsConfig(config: MmdsConfig): void {
    const ipv4 = config.ipv4_address ?? DEFAULT_MMDS_IPV4;
    if (!isLinkLocalValid(ipv4))
      throw new ResourceError('mmds-config', 'The MMDS IPv4 address is not link local.');
    if (config.network_interfaces.length === 0) {
      throw new ResourceError(
        'mmds-config',
        'The list of network interface IDs that allow forwarding MMDS requests is empty.',
      );
    }
    const known = new Set(this.res.networkInterfaces.map((n) => n.iface_id));
    if (!config.network_interfaces.every((id) => known.has(id))) {
      throw new ResourceError(
        'mmds-config',
        'The list of network interface IDs provided contains at least one ID that does not correspond to any existing network interface.',
      );
    }
    this.res.mmdsConfig = {
      version: config.version ?? 'V1',
      network_interfaces: [...config.network_interfaces],
      ipv4_address: ipv4,
      imds_compat: config.imds_compat ?? false,
    };
  }

  setMemoryHotplug(config: MemoryHotplugConfig): void {
    const block = config.block_size_mib ?? 2;
    const slot = config.slot_size_mib ?? 128;
    const total = config.total_size_mib ?? 0;
    const fail = (why: string) => new ResourceError('memory-hotplug', why);
    if (block < 2) throw fail('Block size must not be lower than 2 MiB');
    if ((block & (block - 1)) !== 0) throw fail('Block size must be a power of 2');
    if (slot < block || slot % block !== 0) throw fail('Slot size must be a multiple of block size');
    if (total === 0) throw fail('Total size must not be zero');
    if (total % slot !== 0) throw fail('Total size must be a multiple of slot size');
    this.res.memoryHotplug = { total_size_mib: total, slot_size_mib: slot, block_size_mib: block };
  }

  setSerial(config: SerialDevice): void {
    this.res.serial = structuredClone(config);
  }

  /** Recorded so GET /vm/config can report them; the process applies them. */
  setLogger(config: Logger): void {
    this.res.logger = { ...config };
  }

  setMetrics(config: Metrics): void {
    this.res.metrics = { ...config };
  }
}

function pathExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Firecracker's `is_link_local_valid`: 169.254.0.0/16 minus its first and last /24. */
export function isLinkLocalValid(ipv4: string): boolean {
  const octets = ipv4.split('.').map(Number);
  return octets[0] === 169 && octets[1] === 254 && octets[2] !== 0 && octets[2] !== 255;
}
