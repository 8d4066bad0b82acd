// Public surface of @nqvm/guest-image: build the default guest, read its manifest.
export { imageErrors } from './errors.js';
export {
  formatIpParam,
  formatMmdsNics,
  GUEST_READY_LINE,
  type GuestCmdlineOptions,
  type GuestIpConfig,
  type GuestNic,
  guestKernelCmdline,
  MMDS_IDENTITY_KEYS,
  MMDS_IDENTITY_PARAM,
} from './guest-contract.js';
export { imagesPrepareCommand } from './images-prepare-command.js';
export {
  type ImageKind,
  type Manifest,
  type ManifestItem,
  manifestItem,
  manifestPath,
  readManifest,
} from './manifest.js';
export {
  type PrepareImagesOptions,
  type PrepareImagesResult,
  prepareImages,
} from './prepare-images.js';
export { tcgKernelParams } from './tcg-timing.js';
