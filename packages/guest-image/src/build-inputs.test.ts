// Everything that decides whether images are rebuilt: apt resolution, the stamp, the bzImage layout.
import { describe, expect, it } from 'vitest';
import { parseAptStanzas, resolveFromStanzas } from './debian-packages.js';
import { type GuestFile, readGuestFiles } from './guest-files.js';
import { computeStamp } from './prepare-images.js';
import { locateCompressedPayload } from './vmlinux.js';

const APT_SHOW = `Package: linux-image-cloud-amd64
Source: linux-signed-amd64 (6.1.192+2)
Version: 6.1.192-2
Depends: linux-image-6.1.0-56-cloud-amd64 (= 6.1.192-2)
Description: Linux for x86-64 cloud (meta-package)
 This package depends on the latest Linux kernel.

Package: busybox-static
Version: 1:1.35.0-4+deb12u1+b1
Description: Standalone rescue shell
`;

describe('apt resolution', () => {
  it('finds the unsigned cloud kernel the metapackage points at, and busybox', () => {
    expect(resolveFromStanzas(parseAptStanzas(APT_SHOW))).toEqual({
      kernel: { name: 'linux-image-6.1.0-56-cloud-amd64-unsigned', version: '6.1.192-2' },
      kernelRelease: '6.1.0-56-cloud-amd64',
      busybox: { name: 'busybox-static', version: '1:1.35.0-4+deb12u1+b1' },
    });
  });

  it('names the package apt does not know', () => {
    expect(() => resolveFromStanzas(parseAptStanzas(APT_SHOW.split('\n\n')[0] ?? ''))).toThrow(
      /busybox-static/,
    );
  });
});

describe('computeStamp', () => {
  const inputs = resolveFromStanzas(parseAptStanzas(APT_SHOW));
  const file = (data: string): GuestFile => ({ path: 'init', data: Buffer.from(data), mode: 0o755 });
  const stamp = computeStamp(inputs, [file('a')], []);

  it('is stable for the same inputs', () => {
    expect(computeStamp(inputs, [file('a')], [])).toBe(stamp);
  });

  it('changes with a guest file, its mode, or a package version', () => {
    expect(computeStamp(inputs, [file('b')], [])).not.toBe(stamp);
    expect(computeStamp(inputs, [{ ...file('a'), mode: 0o644 }], [])).not.toBe(stamp);
    expect(computeStamp(inputs, [], [file('a')])).not.toBe(stamp);
    const newer = { ...inputs, busybox: { ...inputs.busybox, version: '1:1.36' } };
    expect(computeStamp(newer, [file('a')], [])).not.toBe(stamp);
  });

  it('covers the real guest scripts, so editing the network or MMDS script rebuilds the images', async () => {
    const rootfs = await readGuestFiles('rootfs');
    const scripts = ['etc/init.d/rcS', 'usr/libexec/nqvm/mmds-identity', 'usr/libexec/nqvm/net-from-cmdline'];
    for (const path of scripts) expect(rootfs.find((f) => f.path === path)?.mode, path).toBe(0o755);
    const edited = rootfs.map((f) =>
      f.path === 'usr/libexec/nqvm/mmds-identity'
        ? { ...f, data: Buffer.concat([f.data, Buffer.from('#\n')]) }
        : f,
    );
    expect(computeStamp(inputs, [], edited)).not.toBe(computeStamp(inputs, [], rootfs));
  });
});

describe('locateCompressedPayload', () => {
  const bzImage = (magic: number[]) => {
    const buf = Buffer.alloc(4096);
    buf[0x1f1] = 3; // setup sectors: protected-mode code starts at 4 * 512
    buf.write('HdrS', 0x202, 'latin1');
    buf.writeUInt16LE(0x20f, 0x206);
    buf.writeUInt32LE(100, 0x248); // payload_offset
    buf.writeUInt32LE(40, 0x24c); // payload_length
    Buffer.from(magic).copy(buf, 2048 + 100);
    buf.writeUInt32LE(123456, 2048 + 100 + 40 - 4); // appended decompressed size
    return buf;
  };

  it('finds the LZ4 payload and the decompressed size the build appended', () => {
    expect(locateCompressedPayload(bzImage([0x02, 0x21, 0x4c, 0x18]))).toEqual({
      offset: 2148,
      length: 40,
      uncompressedSize: 123456,
    });
  });

  it('refuses other compressions and non-bzImages', () => {
    expect(() => locateCompressedPayload(bzImage([0x1f, 0x8b, 0x08, 0x00]))).toThrow(
      /not LZ4 legacy \(starts 1f8b0800\)/,
    );
    expect(() => locateCompressedPayload(Buffer.alloc(4096))).toThrow(/HdrS/);
  });
});
