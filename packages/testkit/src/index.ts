// Public surface of @nqvm/testkit: helpers for tests that boot guests and build networks.

// QMP comes from the VMM package, so tests and fc-vmm speak it through one client.
export { connectQmp, type QmpClient, type QmpEvent } from '@nqvm/vmm';
export { type BootTestGuestOptions, bootTestGuest, type TestGuest } from './boot-test-guest.js';
export { type CreateNetnsOptions, createNetns, type ExecResult, type TestNetns } from './netns.js';
export { idlePoolVmms } from './pool-vmms.js';
export { type PostgresServer, type StartPostgresOptions, startPostgres } from './postgres-server.js';
export {
  type CommandOutput,
  type ConsoleMatch,
  createSerialConsole,
  type SerialConsole,
  type SerialConsoleOptions,
  type WaitOptions,
} from './serial-console.js';
export { type TempDir, tempDir } from './temp-dir.js';
export { testImages } from './test-images.js';
