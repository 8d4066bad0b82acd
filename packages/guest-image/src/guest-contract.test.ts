// The command-line helpers produce what the guest init parses, and the readiness line is real.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatIpParam,
  formatMmdsNics,
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

describe('formatMmdsNics', () => {
  const nic = {
    iface_id: 'eth0',
    mac: '06:00:ac:1f:00:02',
    ip: '172.31.0.2',
    prefix: 24,
    gateway: '172.31.0.1',
  };

  it('writes one line per NIC in the order given, which the guest reads with `read -r id mac ip prefix gw`', () => {
    expect(
      formatMmdsNics([nic, { ...nic, iface_id: 'eth1', mac: '06:00:ac:1f:00:03', ip: '172.31.0.3' }]),
    ).toBe(
      'eth0 06:00:ac:1f:00:02 172.31.0.2 24 172.31.0.1\neth1 06:00:ac:1f:00:03 172.31.0.3 24 172.31.0.1',
    );
    expect(formatMmdsNics([])).toBe('');
  });

  it('refuses a field that would shift the others', () => {
    expect(() => formatMmdsNics([{ ...nic, iface_id: 'eth 0' }])).toThrow(/non-empty word/);
    expect(() => formatMmdsNics([{ ...nic, ip: '' }])).toThrow(/non-empty word/);
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
    const start = rcS
      .split('\n')
      .find((line) =>
        line.startsWith(`grep -qw ${MMDS_IDENTITY_PARAM} /proc/cmdline && /usr/libexec/nqvm/mmds-identity`),
      );
    // In the foreground: its first pass configures every NIC before the shell says it is ready.
    expect(start).toBeDefined();
    expect(start?.trimEnd().endsWith('&')).toBe(false);
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
