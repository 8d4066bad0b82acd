// One `bin/nqvm agent` process in its own bench-made network namespace, managed or standalone.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '@nqvm/guest-image';
import { createNetns, type TestNetns } from '@nqvm/testkit';
import type { Cleanups } from './cleanups.js';
import {
  copyImages,
  emptyNamespace,
  killNamespaceProcesses,
  onBenchExit,
  removeCgroupTree,
  type Uplink,
  uplink,
} from './host-setup.js';
import { startStackProcess, waitUntil } from './stack-process.js';

export const nqvmBin = fileURLToPath(new URL('../../../bin/nqvm', import.meta.url));
const AGENT_PORT = 19090;

export interface AgentHost {
  readonly netns: TestNetns;
  readonly link: Uplink;
  /** The guest subnet prefix, e.g. `192.168.170`. */
  readonly subnet: string;
}

export interface BenchAgent {
  readonly url: string;
  /** A static agent token (NQVM_AGENT_TOKEN), beside any registration credential. */
  readonly token: string;
  readonly netns: TestNetns;
  readonly dataDir: string;
  readonly pid: number;
  readonly logFile: string;
  /** fetch() against the agent's API with its token; a JSON body when given. */
  fetch(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
}

/** A namespace with a bridge for guests and a veth to the root namespace. */
export async function createAgentHost(subnet: string, cleanups: Cleanups): Promise<AgentHost> {
  // Registered before createNetns: the testkit's exit hook deletes the namespace by name, after
  // which its processes could no longer be found.
  let name = '';
  const forget = onBenchExit(() => {
    if (name) killNamespaceProcesses(name);
  });
  cleanups.add(forget);
  const netns = await createNetns({ subnet });
  name = netns.name;
  cleanups.add(() => netns.destroy());
  const link = uplink(netns, randomBytes(3).toString('hex'));
  cleanups.add(link.remove);
  return { netns, link, subnet };
}

export interface StartAgentOptions {
  dir: string;
  /** Register with this manager; without it the agent is standalone (bench token only). */
  manager?: { url: string; joinToken: string };
  /** Pre-fill the image cache, as if the agent had fetched these images (for a standalone agent). */
  seedImages?: Manifest;
}

/** Starts the agent inside `host` (nsenter --net: `ip netns exec` would remount /sys and hide cgroups). */
export async function startBenchAgent(
  host: AgentHost,
  options: StartAgentOptions,
  cleanups: Cleanups,
): Promise<BenchAgent> {
  const tag = randomBytes(3).toString('hex');
  const cgroupName = `nqvm-bench-${tag}`;
  const dataDir = join(options.dir, `agent-${tag}`);
  await mkdir(dataDir, { recursive: true });
  if (options.seedImages) await copyImages(options.seedImages, join(dataDir, 'images', 'cache'));
  const token = `bench-agent-${randomBytes(16).toString('hex')}`;
  const url = `http://${host.link.nsAddr}:${AGENT_PORT}`;
  const proc = startStackProcess(
    `agent ${tag}`,
    ['nsenter', `--net=/run/netns/${host.netns.name}`, '--', process.execPath, nqvmBin, 'agent'],
    {
      env: {
        NQVM_DATA_DIR: dataDir,
        AGENT_PORT: String(AGENT_PORT),
        AGENT_HOST: host.link.nsAddr,
        NQVM_AGENT_ADDR: host.link.nsAddr,
        NQVM_AGENT_TOKEN: token,
        NQVM_MANAGER_URL: options.manager?.url,
        NQVM_JOIN_TOKEN: options.manager?.joinToken,
        NQVM_BRIDGE: host.netns.bridge,
        NQVM_SUBNET: `${host.subnet}.0/24`,
        NQVM_ACCEL: process.env.NQVM_ACCEL ?? 'tcg',
        NQVM_CGROUP_NAME: cgroupName,
        NQVM_LOG_LEVEL: process.env.NQVM_BENCH_LOG_LEVEL ?? 'warn',
        NQVM_NETNS: undefined,
      },
      logFile: `${dataDir}.log`,
    },
  );
  const forget = onBenchExit(() => {
    spawnSync('kill', ['-9', String(proc.pid)]);
    killNamespaceProcesses(host.netns.name);
    removeCgroupTree(cgroupName);
  });
  cleanups.add(async () => {
    await proc.stop();
    // Whatever the agent left (it never stops VMs when it exits): VMMs and their QEMUs.
    await emptyNamespace(host.netns.name);
    removeCgroupTree(cgroupName);
    forget();
  });
  const agentFetch = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  await waitUntil(`agent ${tag} to answer`, proc, async () => (await agentFetch('/v1/info')).ok);
  // Deleted while the agent still runs, so it removes TAPs, cgroups and files itself.
  cleanups.add(async () => {
    const res = await agentFetch('/v1/vms');
    const left = res.ok ? ((await res.json()) as { items: { id: string }[] }).items : [];
    await Promise.all(left.map((vm) => agentFetch(`/v1/vms/${vm.id}`, { method: 'DELETE' })));
  });
  return {
    url,
    token,
    netns: host.netns,
    dataDir,
    pid: proc.pid,
    logFile: `${dataDir}.log`,
    fetch: agentFetch,
  };
}
