// Drives QEMU migration for snapshots: device state only (RAM is shared and copied by us).
import { setTimeout as delay } from 'node:timers/promises';
import { qemuErrors } from '../qemu/qemu-errors.js';
import type { QmpClient } from '../qemu/qmp-client.js';

interface MigrationInfo {
  status?: string;
  'error-desc'?: string;
}

/** RAM blocks backed by a shared file are skipped, so the stream holds device state only. */
export async function ignoreSharedRam(qmp: QmpClient): Promise<void> {
  await qmp.execute('migrate-set-capabilities', {
    capabilities: [{ capability: 'x-ignore-shared', state: true }],
  });
}

/** Waits until QEMU reports the migration finished, in either direction. */
export async function waitMigration(qmp: QmpClient, target: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await qmp.execute<MigrationInfo>('query-migrate');
    if (info.status === 'completed') return;
    if (info.status === 'failed' || info.status === 'cancelled') {
      throw qemuErrors.MIGRATION_FAILED({ target, reason: info['error-desc'] ?? info.status });
    }
    if (Date.now() > deadline) throw qemuErrors.MIGRATION_FAILED({ target, reason: 'timed out' });
    await delay(10);
  }
}

/** An incoming migration is done when the VM leaves `inmigrate` (it lands paused). */
export async function waitIncoming(qmp: QmpClient, source: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const st = await qmp.execute<{ status: string }>('query-status');
    if (st.status !== 'inmigrate') {
      const info = await qmp.execute<MigrationInfo>('query-migrate');
      if (info.status === 'failed') {
        throw qemuErrors.MIGRATION_FAILED({ target: source, reason: info['error-desc'] ?? 'failed' });
      }
      return;
    }
    if (Date.now() > deadline) throw qemuErrors.MIGRATION_FAILED({ target: source, reason: 'timed out' });
    await delay(10);
  }
}
