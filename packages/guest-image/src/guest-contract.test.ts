// The command-line helpers produce what the guest init parses, and the readiness line is real.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatIpParam,
  GUEST_READY_LINE,
  guestKernelCmdline,
  MMDS_IDENTITY_KEYS,
  MMDS_IDENTITY_PARAM,
} from './guest-contract.js';
import { GUEST_FILES_DIR } from './guest-files.js';

describe('formatIpParam', () => {
  it('fills the kernel ip= fields in order and trims empty trailing ones', () => {
    expect(formatIpParam({ address: '10.0.0.2', netmask: '255.255.255.0' })).toBe(
      'ip=10.0.0.2:::255.255.255.0:::off',
    );
    expect(
      formatIpParam({
        address: '10.0.0.2',
        gateway: '10.0.0.1',
        netmask: '255.255.255.0',
        hostname: 'vm1',
        device: 'eth0',
        dns: ['10.0.0.1'],
      }),
    ).toBe('ip=10.0.0.2::10.0.0.1:255.255.255.0:vm1:eth0:off:10.0.0.1');
  });

  it('refuses fields that would break the syntax', () => {
    expect(() => formatIpParam({ address: 'fe80::1' })).toThrow(/must not contain/);
  });
});

describe('guestKernelCmdline', () => {
  it('starts quiet on the serial console and adds hostname and extras', () => {
    expect(guestKernelCmdline({ hostname: 'vm1', extra: ['root=/dev/vda'] })).toBe(
      'console=ttyS0 quiet panic=-1 pci=off nqvm.hostname=vm1 root=/dev/vda',
    );
  });

  it('asks for the MMDS identity loop, which rcS starts only on that parameter and which reads every key', async () => {
    expect(guestKernelCmdline({ mmdsIdentity: true })).toContain(` ${MMDS_IDENTITY_PARAM}`);
    expect(guestKernelCmdline({})).not.toContain('nqvm.mmds');
    const rcS = await readFile(join(GUEST_FILES_DIR, 'rootfs/etc/init.d/rcS'), 'utf8');
    expect(rcS).toContain(`grep -qw ${MMDS_IDENTITY_PARAM} /proc/cmdline && /usr/libexec/nqvm/mmds-identity`);
    const loop = await readFile(join(GUEST_FILES_DIR, 'rootfs/usr/libexec/nqvm/mmds-identity'), 'utf8');
    expect(loop).toContain('/nqvm/identity/$1');
    for (const key of MMDS_IDENTITY_KEYS) expect(loop).toMatch(new RegExp(`get ${key}\\b`));
  });
});

describe('GUEST_READY_LINE', () => {
  it('is what the guest profile prints', async () => {
    const profile = await readFile(join(GUEST_FILES_DIR, 'rootfs/etc/profile'), 'utf8');
    expect(profile).toContain(`echo "${GUEST_READY_LINE}"`);
  });
});
