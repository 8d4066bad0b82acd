// Coded errors of @nqvm/guest-image: each names the missing tool or the failed build step.
import { defineErrors } from '@nqvm/core';

export const imageErrors = defineErrors('MVM_ERR', {
  IMAGE_TOOL_MISSING: {
    status: 500,
    message: '{command} not found — apt-get install {package}',
    suggestion: 'Install the Debian package {package} on this host, then run `nqvm images prepare` again',
  },
  IMAGE_STEP_FAILED: {
    status: 500,
    message: 'Building the guest image failed at step "{step}": {reason}',
    suggestion:
      'Read the command output in the error detail; fix the cause and run `nqvm images prepare` again',
  },
  IMAGE_PACKAGE_UNAVAILABLE: {
    status: 500,
    message: 'Debian package {package} is not known to apt',
    suggestion: 'Run `apt-get update` (the host needs the Debian 12 bookworm and bookworm-security sources)',
  },
  IMAGE_KERNEL_INVALID: {
    status: 500,
    message: 'Cannot extract vmlinux from {path}: {reason}',
    suggestion: 'The kernel package format changed; check that it is a Debian 12 cloud kernel (bzImage, LZ4)',
  },
  IMAGE_MODULE_MISSING: {
    status: 500,
    message: 'Kernel module {module} is not in {package}',
    suggestion: 'The guest needs it as a module or built in; check the kernel package version',
  },
  IMAGE_MANIFEST_MISSING: {
    status: 404,
    message: 'No guest image manifest at {path}',
    suggestion: 'Run `nqvm images prepare` to build the default guest images',
  },
  IMAGE_MANIFEST_INVALID: {
    status: 500,
    message: 'The guest image manifest at {path} is invalid: {reason}',
    suggestion: 'Run `nqvm images prepare --force` to rebuild the images and the manifest',
  },
});
