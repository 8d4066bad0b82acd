// startBenchStack(): the real manager process, an agent it manages, and a standalone agent, each agent in its own namespace.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManagerClient, type ManagerClient } from '@nqvm/client';
import type { Manifest } from '@nqvm/guest-image';
import { procMem } from '../proc-mem.js';
import { type AgentHost, type BenchAgent, createAgentHost, nqvmBin, startBenchAgent } from './bench-agent.js';
import { createCleanups } from './cleanups.js';
import { freePort, onBenchExit, writeManagerManifest } from './host-setup.js';
import { startStackProcess, waitUntil } from './stack-process.js';

/**
 * Layout, private to this machine (no route out, root's ip_forward untouched):
 *
 * ```
 * root netns: `bin/nqvm manager` on 10.214.<a>.1:<free port>
 *    │ veth                                  │ veth
 * netns A: 10.214.<a>.2, managed agent       netns B: 10.214.<b>.2, standalone agent
 *    └─ br0 <subnet>.1/24 ── TAPs ── guests     └─ br0 <subnet>.1/24 ── TAPs ── guests
 * ```
 *
 * Both processes run as users run them (`bin/nqvm manager|agent`, the built dist/), so their
 * latency and memory are what users get. The standalone agent has no manager: the manager's
 * reconciler deletes VMs it did not ask for, so the agent-direct figures need an agent of their
 * own. The bench's own fc-vmm and QEMU guests also go into namespace B.
 */
export interface BenchStack {
  readonly managerUrl: string;
  readonly client: ManagerClient;
  readonly managerPid: number;
  /** The agent the manager drives. */
  readonly managed: BenchAgent;
  /** An agent with no manager, driven by the bench (its image cache pre-filled). */
  readonly standalone: BenchAgent;
  /** RSS (MiB) of the managed agent and the manager right after start-up, before any VM. */
  readonly startRssMiB: { agent: number; manager: number };
  /** The manager's and agents' logs (NQVM_BENCH_LOG_LEVEL, default warn); gone after stop(). */
  readonly logFiles: string[];
  /** Deletes every VM, stops the processes, removes namespaces, links, cgroups and files. */
  stop(): Promise<void>;
}

export async function startBenchStack(manifest: Manifest): Promise<BenchStack> {
  const cleanups = createCleanups('bench stack');
  const dir = await mkdtemp(join(tmpdir(), 'nqvm-bench-stack-'));
  cleanups.add(() => rm(dir, { recursive: true, force: true }));
  try {
    const token = `bench-admin-${randomBytes(16).toString('hex')}`;
    const joinToken = `bench-join-${randomBytes(16).toString('hex')}`;
    // One subnet for both namespaces: every side's guests get the same kind of address.
    const subnet = `192.168.${150 + ((randomBytes(1)[0] as number) % 50)}`;
    const hostA: AgentHost = await createAgentHost(subnet, cleanups);
    const hostB: AgentHost = await createAgentHost(subnet, cleanups);

    // Manager: its own data dir whose images/manifest.json names the prepared default images.
    const managerData = join(dir, 'manager');
    await mkdir(join(managerData, 'images'), { recursive: true });
    await writeManagerManifest(manifest, join(managerData, 'images'));
    const addr = hostA.link.rootAddr;
    const port = await freePort(addr);
    const managerUrl = `http://${addr}:${port}`;
    const manager = startStackProcess(
      'manager',
      [process.execPath, nqvmBin, 'manager', '--host', addr, '--port', String(port)],
      {
        env: {
          NQVM_DATA_DIR: managerData,
          NQVM_ADMIN_TOKEN: token,
          NQVM_JOIN_TOKEN: joinToken,
          MANAGER_IMAGE_ROOT: join(managerData, 'images'),
          // The figures create VMs faster than the spec's per-token budget allows a person.
          MANAGER_RATE_LIMITS: 'off',
          // 10 booting and 20 idle 1-vCPU guests on a 2-CPU host are past the default 4 per CPU.
          MANAGER_VCPU_OVERCOMMIT: '16',
          LOG_LEVEL: process.env.NQVM_BENCH_LOG_LEVEL ?? 'warn',
        },
        logFile: join(dir, 'manager.log'),
      },
    );
    cleanups.add(onBenchExit(() => process.kill(manager.pid, 'SIGKILL')));
    cleanups.add(() => manager.stop());
    await waitUntil('manager /health', manager, async () => (await fetch(`${managerUrl}/health`)).ok);
    const client = createManagerClient({ baseUrl: managerUrl, token });

    const managed = await startBenchAgent(hostA, { dir, manager: { url: managerUrl, joinToken } }, cleanups);
    await waitUntil('agent to register and heartbeat', manager, async () => {
      const hosts = await client.hosts.list();
      return hosts.some((h) => h.addr === hostA.link.nsAddr && h.status === 'online');
    });
    // The manager deletes its VMs first, while the agent still runs to tear them down.
    cleanups.add(async () => {
      const { items } = await client.vms.list();
      await Promise.all(items.map((vm) => client.vms.delete(vm.id).catch(() => undefined)));
    });

    const standalone = await startBenchAgent(hostB, { dir, seedImages: manifest }, cleanups);
    return {
      managerUrl,
      client,
      managerPid: manager.pid,
      managed,
      standalone,
      startRssMiB: { agent: procMem(managed.pid).rssMiB, manager: procMem(manager.pid).rssMiB },
      logFiles: [join(dir, 'manager.log'), managed.logFile, standalone.logFile],
      stop: () => cleanups.run(),
    };
  } catch (err) {
    await cleanups.run().catch(() => undefined);
    throw err;
  }
}
