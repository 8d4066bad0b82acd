// NIC token buckets on a real guest: tx and rx caps, an ops bucket, live PATCHes, vnet headers kept.
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bootOnNetns,
  cleanupNet,
  guestNicHasOffloads,
  type NetCleanup,
  netMetric,
} from './net-test.test-support.js';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

describe('NIC rate limits', () => {
  const made: NetCleanup = {};
  afterEach(() => cleanupNet(made));

  it('caps guest transmit with a token bucket and lifts it live', async () => {
    const { ns, g, vm } = await bootOnNetns(made, 'net-tx', (r) => {
      const nic = r.networkInterfaces[0];
      if (nic) nic.tx_rate_limiter = { bandwidth: { size: 256 * 1024, refill_time: 1000 } };
    });
    // A rate-limited NIC without MMDS keeps its vnet header: the relay passes headers through.
    expect(await guestNicHasOffloads(g)).toBe(true);
    await g.console.check('dd if=/dev/urandom of=/tmp/blob bs=1k count=1024 2>/dev/null');
    const sent = (await g.console.check('md5sum /tmp/blob')).split(' ')[0];
    const send = async (name: string) => {
      const file = join(g.dir, name);
      const sink = ns.spawn('sh', ['-c', `exec busybox nc -l -p 5001 > ${file}`]);
      const closed = new Promise((r) => sink.once('exit', r));
      await ns.exec('sh', ['-c', 'until busybox netstat -ltn | grep -q :5001; do sleep 0.05; done']);
      await g.console.check(`nc ${ns.bridgeAddress} 5001 < /tmp/blob`, { timeoutMs: 90_000 });
      await closed;
      const { stdout } = await ns.exec('md5sum', [file]);
      return stdout.split(' ')[0];
    };
    // 1. 1 MiB through a 256 KiB/s bucket: every byte arrives, and the limiter had to hold frames back.
    expect(await send('limited')).toBe(sent);
    const throttled = await netMetric(vm, 'tx_rate_limiter_throttled');
    expect(throttled).toBeGreaterThan(0);
    // 2. PATCH with a zero-sized bucket lifts the limit: the same transfer is never held back.
    await vm.handle({
      kind: 'UpdateNetworkInterface',
      update: { iface_id: 'eth0', tx_rate_limiter: { bandwidth: { size: 0, refill_time: 0 } } },
    });
    expect(await send('unlimited')).toBe(sent);
    expect(await netMetric(vm, 'tx_rate_limiter_throttled')).toBe(throttled);
  });

  it('keeps the vnet fast path, and a PATCH adds an rx cap and an ops bucket live', async () => {
    const { ns, g, vm } = await bootOnNetns(made, 'net-rx');
    // 1. No MMDS, no limiter at boot: no relay, QEMU's vnet header and the guest's offloads.
    expect(await guestNicHasOffloads(g)).toBe(true);
    const blob = randomBytes(1024 * 1024);
    await writeFile(join(g.dir, 'blob'), blob);
    const server = ns.spawn('busybox', ['httpd', '-f', '-p', `${ns.bridgeAddress}:8080`, '-h', g.dir]);
    try {
      await ns.exec('sh', ['-c', 'until busybox netstat -ltn | grep -q :8080; do sleep 0.05; done']);
      const fetchBlob = async (bytes: number) =>
        (
          await g.console.check(
            `wget -q -O - http://${ns.bridgeAddress}:8080/blob | head -c ${bytes} | md5sum`,
            { timeoutMs: 90_000 },
          )
        ).split(' ')[0];
      expect(await fetchBlob(blob.length)).toBe(md5(blob));
      expect(await netMetric(vm, 'rx_rate_limiter_throttled')).toBe(0);

      // 2. PATCH an rx bandwidth bucket onto the running NIC: the relay is attached live, with
      //    the vnet header the guest negotiated at boot; host → guest traffic now waits for tokens.
      await vm.handle({
        kind: 'UpdateNetworkInterface',
        update: { iface_id: 'eth0', rx_rate_limiter: { bandwidth: { size: 128 * 1024, refill_time: 500 } } },
      });
      expect(await fetchBlob(blob.length)).toBe(md5(blob));
      const afterBandwidth = await netMetric(vm, 'rx_rate_limiter_throttled');
      expect(afterBandwidth).toBeGreaterThan(0);

      // 3. Lift it: the relay stays but never holds a packet back.
      await vm.handle({
        kind: 'UpdateNetworkInterface',
        update: { iface_id: 'eth0', rx_rate_limiter: { bandwidth: { size: 0, refill_time: 0 } } },
      });
      expect(await fetchBlob(blob.length)).toBe(md5(blob));
      expect(await netMetric(vm, 'rx_rate_limiter_throttled')).toBe(afterBandwidth);

      // 4. An ops bucket (4 packets per 100 ms) throttles by packet count instead of bytes.
      await vm.handle({
        kind: 'UpdateNetworkInterface',
        update: { iface_id: 'eth0', rx_rate_limiter: { ops: { size: 4, refill_time: 100 } } },
      });
      const quarter = blob.subarray(0, 256 * 1024);
      expect(await fetchBlob(quarter.length)).toBe(md5(quarter));
      expect(await netMetric(vm, 'rx_rate_limiter_throttled')).toBeGreaterThan(afterBandwidth);
      expect(vm.resources.networkInterfaces[0]?.rx_rate_limiter).toEqual({
        bandwidth: { size: 0, refill_time: 0 },
        ops: { size: 4, refill_time: 100 },
      });
    } finally {
      server.kill();
    }
  });
});
