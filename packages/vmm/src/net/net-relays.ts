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
import { ethernetFrame, type Packet, readPackets, writePacket } from './chardev-frames.js';
import { ShapedQueue } from './shaped-queue.js';
import { isActive } from './token-bucket.js';

export interface NetRelays {
  /** Changes a NIC's limits live, installing its relay first if it had none. */
  setLimits(ifaceId: string, rx: RateLimiter | undefined, tx: RateLimiter | undefined): Promise<void>;
  /** Limiter counters for a relayed NIC, named as Firecracker's net metrics (zeros if not relayed). */
  stats(ifaceId: string): RelayStats;
  close(): Promise<void>;
}

export interface RelayStats {
  rx_rate_limiter_throttled: number;
  tx_rate_limiter_throttled: number;
  /** Packets tail-dropped because the limiter's backlog was full. */
  rx_rate_limiter_dropped: number;
  tx_rate_limiter_dropped: number;
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
 * QEMU's filter-redirector moves a netdev's packets over chardev sockets. Per relayed NIC:
 *   guest → (queue=rx, outdev) → fc-vmm → MMDS or tx limit → (queue=rx, indev) → TAP
 *   TAP → (queue=tx, outdev) → fc-vmm → rx limit → (queue=tx, indev) → guest
 * NICs without MMDS or limits are not relayed at all: their frames never leave QEMU.
 * Both redirectors carry the netdev's vnet header length (vnet_hdr_support=on), so a NIC that
 * kept its vnet header and offloads (every NIC not serving MMDS) relays its packets unchanged,
 * GSO super-frames included: a rate limiter can be added live without touching the guest.
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
      rx: new ShapedQueue(nic.rx_rate_limiter, (p) => writePacket(f2g, p)),
      tx: new ShapedQueue(nic.tx_rate_limiter, (p) => writePacket(f2t, p)),
      sockets: [g2f, f2t, t2f, f2g],
      servers,
      paths,
    };
    readPackets(g2f, (packet) => {
      const replies = mmds?.handle(ethernetFrame(packet));
      if (replies) for (const r of replies) writePacket(f2g, withHeaderOf(packet, r));
      else relay.tx.push(packet);
    });
    readPackets(t2f, (packet) => relay.rx.push(packet));
    for (const s of relay.sockets) s.on('error', () => {});
    const netdev = ids.netdev(nic.iface_id);
    await qmp.execute('object-add', {
      'qom-type': 'filter-redirector',
      id: id('guest-out'),
      netdev,
      queue: 'rx',
      outdev: id('g2f'),
      indev: id('f2t'),
      vnet_hdr_support: true,
    });
    await qmp.execute('object-add', {
      'qom-type': 'filter-redirector',
      id: id('guest-in'),
      netdev,
      queue: 'tx',
      outdev: id('t2f'),
      indev: id('f2g'),
      vnet_hdr_support: true,
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
    stats(ifaceId) {
      const r = relays.get(ifaceId);
      return {
        rx_rate_limiter_throttled: r?.rx.throttled ?? 0,
        tx_rate_limiter_throttled: r?.tx.throttled ?? 0,
        rx_rate_limiter_dropped: r?.rx.dropped ?? 0,
        tx_rate_limiter_dropped: r?.tx.dropped ?? 0,
      };
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

/** A frame fc-vmm made (an MMDS reply) in the packet shape of the request: a zeroed vnet header (no offloads). */
function withHeaderOf(request: Packet, frame: Buffer): Packet {
  if (request.hdrLen === 0) return { data: frame, hdrLen: 0 };
  return { data: Buffer.concat([Buffer.alloc(request.hdrLen), frame]), hdrLen: request.hdrLen };
}
