// --config-file: Firecracker's single-JSON configuration, applied through the same setters as the API, then booted.
import { readFileSync } from 'node:fs';
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
import { canonicalLevel } from '../parsers/logger.parser.js';
import { CustomCpuTemplate, VmmConfigFile } from '../parsers/schemas.js';
import { decodeJson, SerdeJsonError } from '../parsers/serde-json.js';
import type { PrebootServices } from './preboot-controller.js';
import { configFileMessage, osError, ResourceError } from './resource-error.js';
import type { ResourcesBuilder } from './resources-builder.js';

export interface VmmConfigDocument {
  balloon?: Balloon;
  drives: Drive[];
  'boot-source': BootSource;
  'cpu-config'?: string;
  logger?: Logger;
  'machine-config'?: MachineConfiguration;
  metrics?: Metrics;
  'mmds-config'?: MmdsConfig;
  'network-interfaces'?: NetworkInterface[];
  vsock?: Vsock;
  entropy?: EntropyDevice;
  pmem?: Pmem[];
  'memory-hotplug'?: MemoryHotplugConfig;
  serial?: SerialDevice;
}

/** Why a config file was rejected, worded as Firecracker's ResourcesError; exits with BadConfiguration. */
export class ConfigFileError extends Error {
  constructor(detail: string) {
    super(`Configuration for VMM from one single json failed: ${detail}`);
    this.name = 'ConfigFileError';
  }
}

export function parseConfigFile(text: string): VmmConfigDocument {
  try {
    return decodeJson<VmmConfigDocument>(text, VmmConfigFile);
  } catch (err) {
    if (err instanceof SerdeJsonError) throw new ConfigFileError(`Invalid JSON: ${err.message}`);
    throw err;
  }
}

/**
 * Applies a config document in Firecracker's order (VmResources::from_json): logger, metrics,
 * machine config, CPU template, boot source, drives, network, vsock, balloon, MMDS, entropy.
 */
export function applyConfigFile(
  doc: VmmConfigDocument,
  builder: ResourcesBuilder,
  services: PrebootServices,
): void {
  try {
    if (doc.logger) {
      const logger = { ...doc.logger };
      if (logger.level !== undefined) logger.level = canonicalLevel(logger.level);
      services.configureLogger(logger);
      builder.setLogger(logger);
    }
    if (doc.metrics) {
      services.configureMetrics(doc.metrics);
      builder.setMetrics(doc.metrics);
    }
    if (doc['machine-config']) builder.setMachineConfig(doc['machine-config']);
    if (doc['cpu-config'] !== undefined) builder.setCpuConfig(readCpuTemplate(doc['cpu-config']));
    builder.setBootSource(doc['boot-source']);
    for (const drive of doc.drives) builder.insertBlockDevice(drive);
    for (const pmem of doc.pmem ?? []) builder.insertPmem(pmem);
    for (const nic of doc['network-interfaces'] ?? []) builder.insertNetworkInterface(nic);
    if (doc.vsock) builder.setVsock(doc.vsock);
    if (doc.balloon) builder.setBalloon(doc.balloon);
    if (doc['mmds-config']) builder.setMmdsConfig(doc['mmds-config']);
    if (doc.entropy) builder.setEntropy(doc.entropy);
    if (doc['memory-hotplug']) builder.setMemoryHotplug(doc['memory-hotplug']);
    if (doc.serial) builder.setSerial(doc.serial);
  } catch (err) {
    if (err instanceof ResourceError) throw new ConfigFileError(configFileMessage(err));
    throw err;
  }
}

/** `cpu-config` in a config file is a path to a CPU template JSON file. */
function readCpuTemplate(path: string): CpuConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ResourceError('cpu-config', osError(err));
  }
  try {
    return decodeJson<CpuConfig>(text, CustomCpuTemplate);
  } catch (err) {
    if (err instanceof SerdeJsonError) throw new ConfigFileError(`Invalid JSON: ${err.message}`);
    throw err;
  }
}
