// An image uploaded through the API (streamed) boots a guest on a host that fetched it from the manager by sha256.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { manifestItem } from '@nqvm/guest-image';
import { type TempDir, tempDir, testImages } from '@nqvm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShell } from './support/shell.js';
import { type Stack, type StackHost, startStack } from './support/stack.js';
import { hostTraces, waitForOnlyAgent } from './support/vms.js';

const MARKER = 'booted-from-the-uploaded-rootfs';

describe('an uploaded image reaching a second host', () => {
  let stack: Stack;
  let dir: TempDir;
  beforeAll(async () => {
    stack = await startStack({ hosts: 2, database: 'pglite' });
    dir = await tempDir('nqvm-e2e-upload-');
  });
  afterAll(async () => {
    await stack?.stop();
    await dir?.cleanup();
  });

  it('streams the upload, places the VM on the other host, which fetches it by sha256 and boots it', async () => {
    const { client } = stack;

    // 1. A rootfs that differs from the default one: a copy with a marker file written into it
    //    (debugfs edits the ext4 image without mounting it).
    const rootfs = join(dir.path, 'uploaded-rootfs.ext4');
    const copy = spawnSync('cp', [
      '--sparse=always',
      manifestItem(await testImages(), 'rootfs').path,
      rootfs,
    ]);
    expect(copy.status).toBe(0);
    spawnSync('chmod', ['u+w', rootfs]);
    const markerFile = join(dir.path, 'marker');
    await writeFile(markerFile, `${MARKER}\n`);
    const edit = spawnSync('debugfs', ['-w', '-R', `write ${markerFile} /etc/nqvm-upload-marker`, rootfs], {
      encoding: 'utf8',
    });
    expect(edit.status, edit.stderr).toBe(0);
    const sha256 = await sha256Of(rootfs);
    const size = statSync(rootfs).size;

    // 2. Upload as a stream (no Content-Length): the manager hashes what it received.
    const body = Readable.toWeb(createReadStream(rootfs)) as unknown as Parameters<
      typeof client.images.upload
    >[1];
    const { id: imageId } = await client.images.upload({ kind: 'rootfs', name: 'uploaded-rootfs' }, body);
    expect(await client.images.get(imageId)).toMatchObject({
      kind: 'rootfs',
      name: 'uploaded-rootfs',
      origin: 'upload',
      status: 'ready',
      sha256,
      size,
    });

    // 3. Placement follows free memory: a first VM takes room on one host, so the VM booting the
    //    upload goes to the other.
    const filler = await client.vms.create({ name: 'upload-filler', vcpu: 1, mem_mib: 512 });
    const { id } = await client.vms.create({
      name: 'upload-vm',
      vcpu: 1,
      mem_mib: 256,
      rootfs_image_id: imageId,
    });
    const vm = await client.vms.get(id);
    const fillerHost = await hostOf((await client.vms.get(filler.id)).host_id);
    const target = await hostOf(vm.host_id);
    expect(target.index).not.toBe(fillerHost.index);
    expect(vm).toMatchObject({ state: 'running', rootfs_image_id: imageId });
    await client.vms.delete(filler.id);

    // 4. The target host fetched the upload from the manager into its cache by sha256 (the bytes
    //    check out); the other host never needed it.
    const cached = join(target.dataDir, 'images', 'cache', sha256);
    expect(existsSync(cached)).toBe(true);
    expect(statSync(cached).size).toBe(size);
    expect(await sha256Of(cached)).toBe(sha256);
    expect(existsSync(join(fillerHost.dataDir, 'images', 'cache', sha256))).toBe(false);

    // 5. The guest boots from it: the marker file is there.
    const shell = await openShell(client, id);
    await shell.waitForBoot(1);
    expect(await shell.check('cat /etc/nqvm-upload-marker')).toBe(MARKER);
    expect(await shell.check('hostname')).toBe('upload-vm');
    shell.disconnect();

    // 6. In use, the image cannot go; after the VM is deleted it can, and nothing is left on the host.
    await expect(client.images.delete(imageId)).rejects.toMatchObject({
      status: 409,
      code: 'MVM_ERR_IMAGE_IN_USE',
    });
    await client.vms.delete(id);
    expect(await hostTraces(target, id, vm.tap)).toEqual({ dir: false, tap: false, processes: [] });
    for (const host of stack.hosts) await waitForOnlyAgent(host);
    await client.images.delete(imageId);
  });

  async function hostOf(hostId: string | null): Promise<StackHost> {
    for (const h of stack.hosts) if ((await h.hostId()) === hostId) return h;
    throw new Error(`no stack host has id ${hostId}`);
  }
});

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
