// The fc-vmm side: the agent's own configuration replayed on the Firecracker API by hand.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestNetns } from '@nqvm/testkit';
import { inNetns, startFcVmm } from '../processes.js';
import { prepareHostGuest } from './host-guest.js';
import type { Side } from './side.js';
import type { VmConfig, VmTemplate } from './vm-template.js';

/** GET /vm/config answers nulls for unset fields; PUT wants them left out. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

export function directSide(netns: TestNetns, template: VmTemplate, dir: string): Side {
  const cfg: VmConfig = template.vmConfig;
  return {
    key: 'fcvmm',
    label: 'fc-vmm direct: copy disk, TAP, spawn, configure, InstanceStart → console answers',
    async launch(tag) {
      const host = await prepareHostGuest(netns, template.rootfsImage, dir, tag);
      const vmm = await startFcVmm(dir, tag, inNetns(netns.name)).catch(async (err) => {
        await host.remove();
        throw err;
      });
      const teardown = async () => {
        await vmm.kill();
        await host.remove();
        await rm(join(dir, `${tag}.sock`), { force: true });
      };
      try {
        const c = vmm.client;
        const machine = cfg['machine-config'];
        await c.putMachineConfig({ vcpu_count: machine.vcpu_count, mem_size_mib: machine.mem_size_mib });
        await c.putBootSource(defined(cfg['boot-source']) as Parameters<typeof c.putBootSource>[0]);
        for (const d of cfg.drives) {
          const path = d.is_root_device ? host.rootfs : d.path_on_host;
          await c.putDrive({ ...defined(d), path_on_host: path } as Parameters<typeof c.putDrive>[0]);
        }
        for (const n of cfg['network-interfaces'])
          await c.putNetworkInterface({
            iface_id: n.iface_id,
            host_dev_name: host.tap,
            guest_mac: n.guest_mac,
          });
        const mmds = cfg['mmds-config'];
        if (mmds) {
          await c.call('PUT', '/mmds/config', {
            version: mmds.version,
            network_interfaces: mmds.network_interfaces,
          });
          await c.call('PUT', '/mmds', template.mmds);
        }
        await c.action('InstanceStart');
      } catch (err) {
        await teardown();
        throw err;
      }
      return { console: vmm.console, teardown };
    },
  };
}
