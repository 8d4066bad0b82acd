// The guest applies ip= from the kernel command line and talks to a bridge in a test netns.
import { bootTestGuest, createNetns, type TestGuest, type TestNetns, testImages } from '@nqvm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIpParam } from './guest-contract.js';

describe('default guest networking', () => {
  let netns: TestNetns;
  let guest: TestGuest;
  let guestIp: string;

  beforeAll(async () => {
    // 1. A namespace with a bridge and one TAP: nothing here can reach the outside.
    netns = await createNetns();
    const tap = await netns.createTap();
    guestIp = netns.address(2);
    // 2. QEMU runs inside the namespace so it can open the TAP.
    guest = await bootTestGuest({
      images: await testImages(),
      netns,
      netdev: [
        '-netdev',
        `tap,id=n0,ifname=${tap},script=no,downscript=no`,
        '-device',
        'virtio-net-device,netdev=n0',
      ],
      cmdline: [
        formatIpParam({
          address: guestIp,
          gateway: netns.bridgeAddress,
          netmask: netns.netmask,
          hostname: 'net-test',
          dns: [netns.bridgeAddress],
        }),
      ],
    });
  });

  afterAll(async () => {
    await guest?.stop();
    await netns?.destroy();
  });

  it('configures eth0 from ip=', async () => {
    expect(await guest.console.check('ip -4 -o addr show dev eth0')).toContain(`inet ${guestIp}/24`);
    const routes = await guest.console.check('ip route');
    expect(routes).toContain(`default via ${netns.bridgeAddress} dev eth0`);
    expect(routes).toContain('169.254.169.254 dev eth0');
    expect(await guest.console.check('cat /etc/resolv.conf')).toBe(`nameserver ${netns.bridgeAddress}`);
  });

  it('takes the hostname from ip= when nqvm.hostname= is absent', async () => {
    expect(await guest.console.check('hostname')).toBe('net-test');
  });

  it('answers ping from the namespace', async () => {
    const ping = await netns.exec('ping', ['-c', '1', '-W', '5', guestIp]);
    expect(ping.code, ping.stdout + ping.stderr).toBe(0);
  });

  it('reaches the bridge address from the guest', async () => {
    const ping = await guest.console.run(`ping -c 1 -W 5 ${netns.bridgeAddress}`);
    expect(ping.exitCode, ping.output).toBe(0);
    expect(ping.output).toContain('1 packets received');
  });
});
