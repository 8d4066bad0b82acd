// Finds, downloads and unpacks the two Debian packages the guest is built from.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { imageErrors } from './errors.js';
import { runCommand } from './run-command.js';

/** The metapackage that always depends on the current Debian 12 cloud kernel. */
export const KERNEL_METAPACKAGE = 'linux-image-cloud-amd64';
export const BUSYBOX_PACKAGE = 'busybox-static';

export interface DebianPackage {
  readonly name: string;
  readonly version: string;
}

export interface ResolvedInputs {
  /** `linux-image-<release>-unsigned`: the same kernel as the signed one, without the shim wrapper. */
  readonly kernel: DebianPackage;
  /** The kernel release (`uname -r`), e.g. `6.1.0-56-cloud-amd64`. */
  readonly kernelRelease: string;
  readonly busybox: DebianPackage;
}

/** Splits `apt-cache show` output into stanzas of `Field: value` (continuation lines dropped). */
export function parseAptStanzas(text: string): Record<string, string>[] {
  const stanzas: Record<string, string>[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (match?.[1] && match[2] !== undefined) fields[match[1]] = match[2];
    }
    if (fields.Package) stanzas.push(fields);
  }
  return stanzas;
}

/** Picks the kernel and busybox packages out of `apt-cache show` stanzas of the two names we ask for. */
export function resolveFromStanzas(stanzas: Record<string, string>[]): ResolvedInputs {
  const meta = stanzas.find((s) => s.Package === KERNEL_METAPACKAGE);
  const busybox = stanzas.find((s) => s.Package === BUSYBOX_PACKAGE);
  if (!meta?.Version) throw imageErrors.IMAGE_PACKAGE_UNAVAILABLE({ package: KERNEL_METAPACKAGE });
  if (!busybox?.Version) throw imageErrors.IMAGE_PACKAGE_UNAVAILABLE({ package: BUSYBOX_PACKAGE });
  const release = /linux-image-(\d[^\s,(]*-cloud-amd64)\b/.exec(meta.Depends ?? '')?.[1];
  if (!release) {
    throw imageErrors.IMAGE_PACKAGE_UNAVAILABLE({ package: `the kernel ${KERNEL_METAPACKAGE} depends on` });
  }
  return {
    kernel: { name: `linux-image-${release}-unsigned`, version: meta.Version },
    kernelRelease: release,
    busybox: { name: BUSYBOX_PACKAGE, version: busybox.Version },
  };
}

const APT_LISTS = '/var/lib/apt/lists';

/**
 * Asks apt which versions to build from. apt-cache takes ~0.6 s here (no pkgcache.bin), so the
 * answer is cached until apt's package lists change, which keeps an up-to-date prepare fast.
 */
export async function resolveInputs(cacheDir: string): Promise<ResolvedInputs> {
  const fingerprint = await aptListsFingerprint();
  const cacheFile = join(cacheDir, 'apt-resolution.json');
  try {
    const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as {
      fingerprint: string;
      inputs: ResolvedInputs;
    };
    if (cached.fingerprint === fingerprint) return cached.inputs;
  } catch {
    // No usable cache: ask apt.
  }
  const { stdout } = await runCommand(
    'apt-cache',
    ['show', '--no-all-versions', KERNEL_METAPACKAGE, BUSYBOX_PACKAGE],
    {
      step: 'find the kernel and busybox packages',
      allowFailure: true,
    },
  );
  const inputs = resolveFromStanzas(parseAptStanzas(stdout));
  await mkdir(cacheDir, { recursive: true });
  await writeFile(cacheFile, `${JSON.stringify({ fingerprint, inputs }, null, 2)}\n`);
  return inputs;
}

async function aptListsFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const names = await readdir(APT_LISTS).catch(() => [] as string[]);
  for (const name of names.sort()) {
    if (!name.includes('Packages') && !name.endsWith('Release')) continue;
    const info = await stat(join(APT_LISTS, name)).catch(() => undefined);
    if (info) hash.update(`${name}:${info.size}:${info.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** Downloads `name=version` into `cacheDir` once; later calls reuse the file. Returns the .deb path. */
export async function downloadPackage(pkg: DebianPackage, cacheDir: string): Promise<string> {
  const target = join(cacheDir, `${pkg.name}_${pkg.version.replace(/[^\w.+-]/g, '_')}.deb`);
  if (await stat(target).catch(() => undefined)) return target;
  await mkdir(cacheDir, { recursive: true });
  // apt-get download picks its own file name; a private directory makes it easy to find.
  const scratch = await mkdtemp(join(cacheDir, 'download-'));
  try {
    await runCommand('apt-get', ['download', '-q', `${pkg.name}=${pkg.version}`], {
      step: `download ${pkg.name} ${pkg.version}`,
      cwd: scratch,
    });
    const deb = (await readdir(scratch)).find((f) => f.endsWith('.deb'));
    if (!deb)
      throw imageErrors.IMAGE_STEP_FAILED({ step: `download ${pkg.name}`, reason: 'apt-get left no .deb' });
    await removeOlderVersions(cacheDir, pkg.name);
    await rename(join(scratch, deb), target);
    return target;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// A kernel .deb is ~27 MB: keep only the version in use.
async function removeOlderVersions(cacheDir: string, name: string): Promise<void> {
  for (const file of await readdir(cacheDir)) {
    if (file.startsWith(`${name}_`) && file.endsWith('.deb')) await rm(join(cacheDir, file), { force: true });
  }
}

export async function extractPackage(deb: string, into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  await runCommand('dpkg-deb', ['-x', deb, into], { step: `unpack ${deb}` });
}
