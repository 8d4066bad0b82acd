// Builds the default guest (kernel, initramfs, rootfs) from Debian packages, or reuses it.
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { imagesDir } from '@nqvm/core';
import { acquireBuildLock } from './build-lock.js';
import { downloadPackage, extractPackage, type ResolvedInputs, resolveInputs } from './debian-packages.js';
import { type GuestFile, readGuestFiles } from './guest-files.js';
import { buildInitramfs } from './initramfs.js';
import { collectGuestModules, GUEST_MODULES } from './kernel-modules.js';
import {
  describeFile,
  isManifestCurrent,
  type Manifest,
  manifestPath,
  readManifest,
  writeManifest,
} from './manifest.js';
import { buildRootfs, ROOTFS_SIZE_MIB } from './rootfs.js';
import { requireTools, runCommand } from './run-command.js';
import { extractVmlinux } from './vmlinux.js';

/**
 * Bump when the build code changes what it produces (the guest/ files are hashed anyway).
 * Part of the stamp, so a new recipe rebuilds existing images.
 */
const RECIPE = { version: 1, modules: GUEST_MODULES, rootfsSizeMiB: ROOTFS_SIZE_MIB };

const REQUIRED_TOOLS = ['apt-cache', 'apt-get', 'dpkg-deb', 'lz4', 'mkfs.ext4'] as const;

export interface PrepareImagesOptions {
  /** Defaults to `dataDir()` (NQVM_DATA_DIR or the per-user default); images go to `<dataDir>/images`. */
  readonly dataDir?: string;
  /** One human-readable line per step. */
  readonly onProgress?: (line: string) => void;
  /** Rebuild even if the stamp matches. */
  readonly force?: boolean;
}

export interface PrepareImagesResult {
  readonly manifest: Manifest;
  readonly manifestPath: string;
  readonly imagesDir: string;
  /** False when the existing images were current (the cache hit). */
  readonly built: boolean;
}

export async function prepareImages(options: PrepareImagesOptions = {}): Promise<PrepareImagesResult> {
  const dir = options.dataDir ? imagesDir({ NQVM_DATA_DIR: options.dataDir }) : imagesDir();
  const progress = options.onProgress ?? (() => {});
  const cacheDir = join(dir, '.cache');
  await mkdir(dir, { recursive: true });

  const inputs = await resolveInputs(cacheDir);
  const initramfsFiles = await readGuestFiles('initramfs');
  const rootfsFiles = await readGuestFiles('rootfs');
  const stamp = computeStamp(inputs, initramfsFiles, rootfsFiles);
  const current = async () => {
    const existing = await readManifest(dir).catch(() => undefined);
    return existing && (await isManifestCurrent(existing, stamp)) ? existing : undefined;
  };

  const reuse = options.force ? undefined : await current();
  if (reuse) return { manifest: reuse, manifestPath: manifestPath(dir), imagesDir: dir, built: false };

  const lock = await acquireBuildLock(join(dir, '.build.lock'), (pid) =>
    progress(`waiting for another image build (pid ${pid}) to finish`),
  );
  try {
    // Whoever held the lock may have just built exactly these images.
    const built = options.force ? undefined : await current();
    if (built) return { manifest: built, manifestPath: manifestPath(dir), imagesDir: dir, built: false };
    const manifest = await build({ dir, cacheDir, inputs, stamp, initramfsFiles, rootfsFiles, progress });
    return { manifest, manifestPath: manifestPath(dir), imagesDir: dir, built: true };
  } finally {
    await lock.release();
  }
}

/** The stamp: every input that changes the images' bytes. */
export function computeStamp(
  inputs: ResolvedInputs,
  initramfsFiles: readonly GuestFile[],
  rootfsFiles: readonly GuestFile[],
): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ recipe: RECIPE, inputs }));
  for (const [tree, files] of [
    ['initramfs', initramfsFiles],
    ['rootfs', rootfsFiles],
  ] as const) {
    for (const file of files) {
      hash.update(`\n${tree}/${file.path}:${file.mode.toString(8)}:`);
      hash.update(createHash('sha256').update(file.data).digest('hex'));
    }
  }
  return hash.digest('hex');
}

interface BuildContext {
  readonly dir: string;
  readonly cacheDir: string;
  readonly inputs: ResolvedInputs;
  readonly stamp: string;
  readonly initramfsFiles: readonly GuestFile[];
  readonly rootfsFiles: readonly GuestFile[];
  readonly progress: (line: string) => void;
}

async function build(ctx: BuildContext): Promise<Manifest> {
  const { dir, cacheDir, inputs, progress } = ctx;
  await requireTools(REQUIRED_TOOLS);
  const work = await mkdtemp(join(dir, '.build-'));
  try {
    progress(`kernel: fetching ${inputs.kernel.name} ${inputs.kernel.version}`);
    const kernelDeb = await downloadPackage(inputs.kernel, cacheDir);
    progress(`busybox: fetching ${inputs.busybox.name} ${inputs.busybox.version}`);
    const busyboxDeb = await downloadPackage(inputs.busybox, cacheDir);

    progress('kernel: unpacking');
    const kernelRoot = join(work, 'kernel-pkg');
    await extractPackage(kernelDeb, kernelRoot);
    const busyboxRoot = join(work, 'busybox-pkg');
    await extractPackage(busyboxDeb, busyboxRoot);
    const busyboxPath = join(busyboxRoot, 'bin', 'busybox');
    const appletPaths = (
      await runCommand(busyboxPath, ['--list-full'], { step: 'list busybox applets' })
    ).stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);

    const release = inputs.kernelRelease;
    const out = {
      kernel: join(work, `vmlinux-${release}`),
      initrd: join(work, `initrd-${release}.cpio.gz`),
      rootfs: join(work, `rootfs-busybox.ext4`),
    };
    progress('kernel: extracting the ELF vmlinux from the bzImage');
    await extractVmlinux(join(kernelRoot, 'boot', `vmlinuz-${release}`), out.kernel);

    progress('initrd: collecting virtio modules and building the initramfs');
    const modules = await collectGuestModules(kernelRoot, release, inputs.kernel.name);
    const initramfs = await buildInitramfs({
      busybox: await readFile(busyboxPath),
      applets: appletPaths.map((p) => p.split('/').pop() as string),
      modules,
      files: ctx.initramfsFiles,
    });
    await writeFile(out.initrd, initramfs);

    progress(`rootfs: building a ${ROOTFS_SIZE_MIB} MiB ext4 image`);
    await buildRootfs({
      busyboxPath,
      appletPaths,
      files: ctx.rootfsFiles,
      treeDir: join(work, 'rootfs-tree'),
      imagePath: out.rootfs,
    });

    progress('checksumming and installing the images');
    const busyboxVersion = `busybox ${inputs.busybox.version}`;
    const items = [];
    for (const [kind, path, version] of [
      ['kernel', out.kernel, release],
      ['initrd', out.initrd, release],
      ['rootfs', out.rootfs, busyboxVersion],
    ] as const) {
      const finalPath = join(dir, path.split('/').pop() as string);
      // Read-only: VMs must boot copies (a guest mounting the original rw changes its checksum).
      await chmod(path, 0o444);
      await rename(path, finalPath);
      items.push(await describeFile(kind, finalPath, version));
    }
    const previous = await readManifest(dir).catch(() => undefined);
    const manifest: Manifest = { stamp: ctx.stamp, builtAt: new Date().toISOString(), items };
    await writeManifest(dir, manifest);
    // Old versions' files are ours to remove once the new manifest no longer names them.
    for (const old of previous?.items ?? []) {
      if (!items.some((i) => i.path === old.path) && old.path.startsWith(dir))
        await rm(old.path, { force: true });
    }
    progress('done');
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
