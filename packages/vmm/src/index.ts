// Public surface of @nqvm/vmm: start an fc-vmm instance as a library, plus the shared contract types.
export * from './actions.js';
export { type ApiServer, DEFAULT_MAX_PAYLOAD_SIZE, startApiServer } from './api/api-server.js';
export { routeRequest } from './api/routes.js';
export type * from './backend.js';
export { MmdsStore } from './mmds-store.js';
export type { ParseOutcome } from './parsers/parsed-request.js';
export { ConfigFileError } from './preboot/config-file.js';
export { REFUSED_BEFORE_BOOT } from './preboot/preboot-controller.js';
export { NOT_SUPPORTED_AFTER_START, REFUSED_AFTER_BOOT, VmmDispatcher } from './preboot/vmm-dispatcher.js';
export { type AccelChoice, type AccelSetting, type ResolveAccelOptions, resolveAccel } from './qemu/accel.js';
export { createQemuBackend, type QemuBackendOptions } from './qemu/qemu-backend.js';
export { connectQmp, type QmpClient, type QmpEvent } from './qemu/qmp-client.js';
export { type StartVmmOptions, startVmm, type VmmHandle } from './start-vmm.js';
export * from './vm-resources.js';
