// Swaps a running drive's backing file: virtio-blk has no medium to change, so re-point the raw node.
import type { Drive } from '@nqvm/fc-api';
import { ids } from '../qemu/qemu-args.js';
import type { QmpClient } from '../qemu/qmp-client.js';

/**
 * blockdev-change-medium only works on removable devices. On QEMU 7.2 `blockdev-reopen` may
 * replace a format node's `file` child, so: add a file node for the new path, reopen the raw
 * node onto it, delete the old file node. The guest sees the new contents on its next read;
 * like Firecracker it should not have the disk mounted while the swap happens.
 */
export async function swapDriveFile(
  qmp: QmpClient,
  drive: Drive,
  newPath: string,
  generation: number,
): Promise<void> {
  const readOnly = !!drive.is_read_only;
  const oldNode = ids.driveFile(drive.drive_id, generation - 1);
  const newNode = ids.driveFile(drive.drive_id, generation);
  await qmp.execute('blockdev-add', {
    driver: 'file',
    'node-name': newNode,
    filename: newPath,
    'read-only': readOnly,
    locking: 'off',
    cache: { 'no-flush': drive.cache_type === 'Unsafe' },
  });
  try {
    await qmp.execute('blockdev-reopen', {
      options: [
        { driver: 'raw', 'node-name': ids.drive(drive.drive_id), file: newNode, 'read-only': readOnly },
      ],
    });
  } catch (err) {
    await qmp.execute('blockdev-del', { 'node-name': newNode }).catch(() => {});
    throw err;
  }
  await qmp.execute('blockdev-del', { 'node-name': oldNode }).catch(() => {});
}
