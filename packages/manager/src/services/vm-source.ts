// Resolves what a new VM boots from: registry images by id (preferred), raw paths, or defaults.
import type { ImageRow } from '../db/schema.js';
import { errors } from '../errors.js';
import type { ServiceContext } from './context.js';
import { checkRawPath } from './host-paths.js';

export interface BootSourceRequest {
  kernel_image_id?: string | null;
  rootfs_image_id?: string | null;
  initrd_image_id?: string | null;
  kernel_path?: string | null;
  rootfs_path?: string | null;
}

export interface BootSource {
  kernel: { image?: ImageRow; path: string };
  initrd?: { image?: ImageRow; path: string };
  rootfs: { image?: ImageRow; path: string };
}

async function byId(ctx: ServiceContext, id: string, kind: string): Promise<ImageRow> {
  const image = await ctx.repos.images.get(id);
  if (!image) throw errors.IMAGE_NOT_FOUND({}, `Image with ID '${id}' does not exist`);
  if (image.kind !== kind) throw errors.IMAGE_WRONG_KIND({ id, actual: image.kind, expected: kind });
  if (image.status !== 'ready') throw errors.IMAGE_NOT_READY({ id, status: image.status });
  return image;
}

async function pick(
  ctx: ServiceContext,
  kind: 'kernel' | 'rootfs' | 'initrd',
  id: string | null | undefined,
  path: string | null | undefined,
): Promise<{ image?: ImageRow; path: string } | undefined> {
  // Image ID takes precedence over a raw path (spec).
  if (id) {
    const image = await byId(ctx, id, kind);
    return { image, path: image.host_path };
  }
  if (path) {
    if (!ctx.config.allowImagePaths) throw errors.IMAGE_PATHS_DISABLED({}, `${kind}_path given: '${path}'`);
    return { path: await checkRawPath(path, ctx.config.imageRoot) };
  }
  return undefined;
}

export async function resolveBootSource(ctx: ServiceContext, req: BootSourceRequest): Promise<BootSource> {
  // The images `nqvm images prepare` put in the manifest, used for what a request names none of;
  // read once for all kinds (a create naming nothing needs three).
  let defaults: Promise<ImageRow[]> | undefined;
  const fallback = async (kind: string) => {
    defaults ??= ctx.repos.images.listDefaults();
    const image = (await defaults).find((i) => i.kind === kind);
    return image ? { image, path: image.host_path } : undefined;
  };
  const kernel =
    (await pick(ctx, 'kernel', req.kernel_image_id, req.kernel_path)) ?? (await fallback('kernel'));
  const rootfs =
    (await pick(ctx, 'rootfs', req.rootfs_image_id, req.rootfs_path)) ?? (await fallback('rootfs'));
  if (!kernel || !rootfs) {
    throw errors.VM_SOURCE_REQUIRED(
      {},
      `missing ${kernel ? 'rootfs' : 'kernel'}; no default image is registered`,
    );
  }
  let initrd = await pick(ctx, 'initrd', req.initrd_image_id, null);
  // The default kernel needs its initramfs (virtio drivers are modules), so they travel together.
  if (!initrd && kernel.image?.origin === 'manifest') initrd = await fallback('initrd');
  return { kernel, rootfs, ...(initrd ? { initrd } : {}) };
}
