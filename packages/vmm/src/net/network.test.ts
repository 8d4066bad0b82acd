// Guests on a TAP inside a test-made netns: MMDS answers the guest, and NIC token buckets cap traffic.
import { formatIpParam } from '@nqvm/guest-image';
import { createNetns, type TestNetns } from '@nqvm/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeController } from '../backend.js';
import {
  GUEST_READY_LINE,
  type GuestCtx,
  guestContext,
  guestResources,
} from '../qemu/guest-harness.test-support.js';
import { createQemuBackend } from '../qemu/qemu-backend.js';

describe('network', () => {
  let ns: TestNetns | undefined;
  let g: GuestCtx | undefined;
  let vm: RuntimeController | undefined;
  afterEach(async () => {
    await vm?.kill();
    await g?.cleanup();
    await ns?.destroy();
  });

  async function bootOnNetns(
    name: string,
    configure: (r: Awaited<ReturnType<typeof guestResources>>) => void,
  ) {
    ns = await createNetns({ subnet: '192.168.231' });
    const tap = await ns.createTap();
    g = await guestContext(name);
    const ip = formatIpParam({ address: ns.address(2), netmask: ns.netmask, device: 'eth0' });
    const r = await guestResources(g.dir, { cmdline: [ip] });
    r.networkInterfaces.push({ iface_id: 'eth0', host_dev_name: tap, guest_mac: '06:00:c0:a8:e7:02' });
    configure(r);
    vm = await createQemuBackend({ accel: 'tcg', netns: ns.name }).boot(r, g.ctx);
    await g.console.waitFor(GUEST_READY_LINE);
    return { ns, g, vm };
  }

  it('serves MMDS V2 to the guest at 169.254.169.254 and lets other traffic through', async () => {
    const { ns, g } = await bootOnNetns('mmds', (r) => {
      r.mmdsConfig = { version: 'V2', network_interfaces: ['eth0'] };
    });
    g.ctx.mmds.put({ latest: { 'meta-data': { 'instance-id': 'i-fcvmm' } } });
    // The default guest's init already routes 169.254.169.254 onto eth0 (link scope: ARP goes to MMDS).
    // busybox wget cannot PUT, so the token request is written by hand through nc.
    const put = await g.console.check(
      "printf 'PUT /latest/api/token HTTP/1.0\\r\\nX-metadata-token-ttl-seconds: 60\\r\\n\\r\\n' | nc 169.254.169.254 80 | tail -n 1",
    );
    expect(put.length).toBeGreaterThan(20);
    const got = await g.console.check(
      `wget -q -O - --header 'X-metadata-token: ${put.trim()}' http://169.254.169.254/latest/meta-data/instance-id`,
    );
    expect(got).toBe('i-fcvmm');
    // Other traffic still reaches the namespace through the relay.
    const ping = await ns.exec('ping', ['-c', '1', '-W', '5', ns.address(2)]);
    expect(ping.code).toBe(0);
  });

  it('caps guest transmit with a token bucket and lifts it live', async () => {
    const { ns, g, vm } = await bootOnNetns('netlimit', (r) => {
      const nic = r.networkInterfaces[0];
      if (nic) nic.tx_rate_limiter = { bandwidth: { size: 256 * 1024, refill_time: 1000 } };
    });
    const send = async () => {
      const sink = ns.spawn('busybox', ['nc', '-l', '-p', '5001']);
      sink.stdout?.resume();
      await new Promise((r) => setTimeout(r, 300));
      const t = performance.now();
      await g.console.check(`dd if=/dev/zero bs=1k count=1536 2>/dev/null | nc ${ns.bridgeAddress} 5001`, {
        timeoutMs: 90_000,
      });
      const ms = performance.now() - t;
      sink.kill();
      return ms;
    };
    const limited = await send();
    await vm.handle({
      kind: 'UpdateNetworkInterface',
      update: { iface_id: 'eth0', tx_rate_limiter: { bandwidth: { size: 0, refill_time: 0 } } },
    });
    const unlimited = await send();
    g.ctx.log.info('nc timings', { limited, unlimited });
    expect(limited).toBeGreaterThan(unlimited * 2);
  });
});
