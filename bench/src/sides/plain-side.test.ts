// plainArgsFor: fc-vmm's QEMU command line turned into a plain one for another disk and TAP.
import { describe, expect, it } from 'vitest';
import { plainArgsFor } from './plain-side.js';
import type { VmTemplate } from './vm-template.js';

const template = {
  tap: 'nqtabc',
  rootDiskPath: 'disks/rootfs.img',
  qemuArgs: [
    '-S',
    '-m',
    '256M',
    '-append',
    'console=ttyS0 ip=1.2.3.4::1.2.3.1:255.255.255.0:x:eth0:off nqvm.hostname=x nqvm.mmds=1 reboot=k',
    '-object',
    'memory-backend-file,id=ram,size=256M,mem-path=/dev/shm/fcvmm-x.ram,share=on',
    '-qmp',
    'unix:/tmp/fc-vmm-x/qmp.sock,server=on,wait=off',
    '-blockdev',
    'driver=file,node-name=file-rootfs-0,filename=disks/rootfs.img,read-only=off',
    '-netdev',
    'tap,id=netdev-eth0,ifname=nqtabc,script=no,downscript=no',
  ],
} as VmTemplate;

describe('plainArgsFor', () => {
  it('drops -S and points disk, TAP, QMP socket and RAM file at the run’s own', () => {
    const args = plainArgsFor(template, '/w', 'r1', '/w/r1.ext4', 'tap9');
    expect(args).not.toContain('-S');
    const joined = args.join(' ');
    expect(joined).toContain('filename=/w/r1.ext4,');
    expect(joined).toContain('ifname=tap9,');
    expect(joined).toContain('unix:/w/r1-qmp.sock,');
    expect(joined).toMatch(/mem-path=\/dev\/shm\/nqvm-bench-\d+-r1\.ram,/);
    expect(joined).not.toMatch(/nqtabc|disks\/rootfs\.img|fcvmm-x|fc-vmm-x/);
    // The guest still looks for MMDS (served by mmds-server.js for plain QEMU).
    expect(args[args.indexOf('-append') + 1]).toContain('nqvm.mmds=1');
  });
});
