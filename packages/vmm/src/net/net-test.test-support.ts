// Test support: a default guest on a TAP in a netns the test creates, plus guest-side network probes.
import { formatIpParam } from '@nqvm/guest-image';
import { createNetns, type TestNetns } from '@nqvm/testkit';
import type { RuntimeController } from '../backend.js';
import {
  GUEST_READY_LINE,
  type GuestCtx,
  guestContext,
  guestResources,
} from '../qemu/guest-harness.test-support.js';
import { createQemuBackend } from '../qemu/qemu-backend.js';
import type { VmResources } from '../vm-resources.js';

export interface NetGuest {
  ns: TestNetns;
  g: GuestCtx;
  vm: RuntimeController;
}

/** Everything a test made, for afterEach; parts are set as soon as they exist. */
export interface NetCleanup {
  ns?: TestNetns;
  g?: GuestCtx;
  vm?: RuntimeController;
}

export async function cleanupNet(made: NetCleanup): Promise<void> {
  await made.vm?.kill();
  await made.g?.cleanup();
  await made.ns?.destroy();
  made.vm = undefined;
  made.g = undefined;
  made.ns = undefined;
}

/** Boots the default guest with eth0 on a TAP in a fresh netns (guest = <subnet>.2, bridge = .1). */
export async function bootOnNetns(
  made: NetCleanup,
  name: string,
  configure: (r: VmResources) => void = () => {},
): Promise<NetGuest> {
  const ns = await createNetns({ subnet: '192.168.231' });
  made.ns = ns;
  const tap = await ns.createTap();
  const g = await guestContext(name);
  made.g = g;
  const ip = formatIpParam({ address: ns.address(2), netmask: ns.netmask, device: 'eth0' });
  const r = await guestResources(g.dir, { cmdline: [ip] });
  r.networkInterfaces.push({ iface_id: 'eth0', host_dev_name: tap, guest_mac: '06:00:c0:a8:e7:02' });
  configure(r);
  const vm = await createQemuBackend({ accel: 'tcg', netns: ns.name }).boot(r, g.ctx);
  made.vm = vm;
  await g.console.waitFor(GUEST_READY_LINE);
  return { ns, g, vm };
}

/**
 * Whether the guest's virtio-net driver negotiated VIRTIO_NET_F_CSUM (feature bit 0), i.e. the
 * NIC runs with a vnet header and offloads. QEMU hides every offload when the TAP has no vnet header.
 */
export async function guestNicHasOffloads(g: GuestCtx): Promise<boolean> {
  const bit = await g.console.check(
    'for d in /sys/bus/virtio/devices/*; do [ "$(cat $d/device)" = 0x0001 ] && cut -c1 $d/features; done',
  );
  if (bit !== '0' && bit !== '1')
    throw new Error(`unexpected virtio-net feature bits: ${JSON.stringify(bit)}`);
  return bit === '1';
}

/** A Firecracker-named net metric of eth0 from the runtime's metrics. */
export async function netMetric(vm: RuntimeController, name: string): Promise<number> {
  const groups = await vm.metrics();
  return Number(groups.net_eth0?.[name] ?? Number.NaN);
}
