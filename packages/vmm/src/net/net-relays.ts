// Per-NIC frame relays through fc-vmm: where MMDS is answered and rx/tx rate limits are enforced.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { NetworkInterface, RateLimiter } from '@nqvm/fc-api';
import type { VmmContext } from '../backend.js';
import { MmdsStack } from '../mmds/mmds-stack.js';
import { ids } from '../qemu/qemu-args.js';
import { socketPath } from '../qemu/qemu-vm.js';
import type { QmpClient } from '../qemu/qmp-client.js';
import type { VmResources } from '../vm-resources.js';
import { readFrames, writeFrame } from './chardev-frames.js';
import { ShapedQueue } from './shaped-queue.js';
import { isActive } from './token-bucket.js';

export interface NetRelays {
  /** Changes a NIC's limits live, installing its relay first if it had none. */
  setLimits(ifaceId: string, rx: RateLimiter | undefined, tx: RateLimiter | undefined): Promise<void>;
  close(): Promise<void>;
}

export function limiterActive(rl: RateLimiter | undefined): boolean {
  return isActive(rl?.bandwidth) || isActive(rl?.ops);
}

interface Relay {
  rx: ShapedQueue;
  tx: ShapedQueue;
  sockets: Socket[];
  servers: Server[];
  paths: string[];
}

/**
 * QEMU's filter-redirector moves a netdev's frames over chardev sockets. Per relayed NIC:
 *   guest → (queue=rx, outdev) → fc-vmm → MMDS or tx limit → (queue=rx, indev) → TAP
 *   TAP → (queue=tx, outdev) → fc-vmm → rx limit → (queue=tx, indev) → guest
 * NICs without MMDS or limits are not relayed at all: their frames never leave QEMU.
 */
export async function setupNetRelays(
  qmp: QmpClient,
  ctx: VmmContext,
  resources: VmResources,
): Promise<NetRelays> {
  const relays = new Map<string, Relay>();
  const mmdsIfaces = new Set(resources.mmdsConfig?.network_interfaces ?? []);

  async function install(nic: NetworkInterface): Promise<Relay> {
    const tag = randomBytes(3).toString('hex');
    const names = ['g2f', 'f2t', 't2f', 'f2g'] as const;
    const paths = names.map((n) => socketPath(ctx.runDir, `${n}-${tag}.sock`));
    const servers: Server[] = [];
    const accepted = paths.map(
      (p) =>
        new Promise<Socket>((resolve, reject) => {
          const server = createServer((s) => {
            s.setNoDelay(true);
            resolve(s);
          });
          server.once('error', reject);
          server.listen(p);
          servers.push(server);
        }),
    );
    await Promise.all(
      servers.map((s) => new Promise((r) => (s.listening ? r(null) : s.once('listening', r)))),
    );
    const id = (n: string) => `${n}-${ids.netdev(nic.iface_id)}`;
    for (const [i, n] of names.entries()) {
      await qmp.execute('chardev-add', {
        id: id(n),
        backend: {
          type: 'socket',
          data: { addr: { type: 'unix', data: { path: paths[i] } }, server: false },
        },
      });
    }
    const [g2f, f2t, t2f, f2g] = (await Promise.all(accepted)) as [Socket, Socket, Socket, Socket];
    const mmds =
      resources.mmdsConfig && mmdsIfaces.has(nic.iface_id)
        ? new MmdsStack(ctx.mmds, resources.mmdsConfig, ctx.instanceId)
        : undefined;
    const relay: Relay = {
      // The TAP's egress is the guest's receive side: guest rx is limited on the way to the guest.
      rx: new ShapedQueue(nic.rx_rate_limiter, (f) => writeFrame(f2g, f)),
      tx: new ShapedQueue(nic.tx_rate_limiter, (f) => writeFrame(f2t, f)),
      sockets: [g2f, f2t, t2f, f2g],
      servers,
      paths,
    };
    readFrames(g2f, (frame) => {
      const replies = mmds?.handle(frame);
      if (replies) for (const r of replies) writeFrame(f2g, r);
      else relay.tx.push(frame);
    });
    readFrames(t2f, (frame) => relay.rx.push(frame));
    for (const s of relay.sockets) s.on('error', () => {});
    const netdev = ids.netdev(nic.iface_id);
    await qmp.execute('object-add', {
      'qom-type': 'filter-redirector',
      id: id('guest-out'),
      netdev,
      queue: 'rx',
      outdev: id('g2f'),
      indev: id('f2t'),
    });
    await qmp.execute('object-add', {
      'qom-type': 'filter-redirector',
      id: id('guest-in'),
      netdev,
      queue: 'tx',
      outdev: id('t2f'),
      indev: id('f2g'),
    });
    relays.set(nic.iface_id, relay);
    ctx.log.info('network relay installed', { iface: nic.iface_id, mmds: !!mmds });
    return relay;
  }

  for (const nic of resources.networkInterfaces) {
    if (
      mmdsIfaces.has(nic.iface_id) ||
      limiterActive(nic.rx_rate_limiter) ||
      limiterActive(nic.tx_rate_limiter)
    ) {
      await install(nic);
    }
  }

  return {
    async setLimits(ifaceId, rx, tx) {
      let relay = relays.get(ifaceId);
      if (!relay) {
        if (!limiterActive(rx) && !limiterActive(tx)) return;
        const nic = resources.networkInterfaces.find((n) => n.iface_id === ifaceId);
        if (!nic) return;
        relay = await install({ ...nic, rx_rate_limiter: rx, tx_rate_limiter: tx });
      }
      relay.rx.setLimit(rx);
      relay.tx.setLimit(tx);
    },
    async close() {
      for (const r of relays.values()) {
        r.rx.close();
        r.tx.close();
        for (const s of r.sockets) s.destroy();
        for (const s of r.servers) s.close();
        for (const p of r.paths) rmSync(p, { force: true });
      }
      relays.clear();
    },
  };
}
