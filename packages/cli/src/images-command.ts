// `nqvm images prepare`: builds the default guest images (kernel, initramfs, rootfs) from Debian packages.
export async function imagesCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'prepare') {
    process.stderr.write(`nqvm images: unknown subcommand '${sub ?? ''}'\nUsage: nqvm images prepare\n`);
    return 2;
  }
  const { imagesPrepareCommand } = await import('@nqvm/guest-image');
  return imagesPrepareCommand(rest);
}
