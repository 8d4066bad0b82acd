// startStack(): the real manager plus real agents, each agent in its own test-made network namespace.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createManagerClient, type Host, type ManagerClient } from '@nqvm/client';
import { buildManager } from '@nqvm/manager';
import {
  createNetns,
  idlePoolVmms,
  type PostgresServer,
  startPostgres,
  type TempDir,
  type TestNetns,
  tempDir,
  testImages,
} from '@nqvm/testkit';
import type { FastifyInstance } from 'fastify';
import { waitFor } from './wait.js';

/**
 * Layout (all of it private to this machine; root's ip_forward is not touched):
 *
 * ```
 * root netns: bridge nqe<hex> 10.213.<n>.1/24 ── manager (in this process) listens on 10.213.<n>.1:<free port>
 *    │ veth per host
 * host i netns (testkit createNetns): 10.213.<n>.<10+i> ── `bin/nqvm agent` on :19090 (own UTS name)
 *    └─ bridge br0 192.168.<200+i>.1/24 ── TAPs ── fc-vmm/QEMU guests
 * ```
 *
 * Agents are separate processes (`bin/nqvm agent`, i.e. the built `dist/`: run `npx tsc -b` first)
 * entered into their namespace with `nsenter --net` (not `ip netns exec`, which would remount /sys
 * and hide the cgroup hierarchy from the agent). The manager runs in-process on the sources.
 */
export interface StackOptions {
  /** Number of agent hosts (default 1). */
  hosts?: number;
  /** `pglite` (embedded, under the manager's data dir) or a throwaway PostgreSQL 15 server. */
  database?: 'pglite' | 'postgres';
  /** A host whose heartbeat is older than this is offline and its VMs `unknown` (default 15 s). */
  hostTimeoutMs?: number;
  /** Reconciler period (default 2 s). */
  reconcileIntervalMs?: number;
  /** Manager pino level; `false` (default) keeps test output quiet. */
  managerLogLevel?: string | false;
  /** TLS between manager and agents (MANAGER_AGENT_TLS=1 and NQVM_AGENT_TLS=1). */
  agentTls?: boolean;
}

export interface StackHost {
  /** 0-based position in `stack.hosts`. */
  readonly index: number;
  /** UTS hostname of the agent, as the manager lists it (`nqvm-e2e-h<i>`). */
  readonly hostname: string;
  /** The host's network namespace (its bridge `br0` carries the guests). */
  readonly netns: TestNetns;
  /** The agent's address on the test link, as registered with the manager. */
  readonly addr: string;
  readonly port: number;
  /** The agent's `NQVM_DATA_DIR` (vms/, images/cache/, agent/credential.json). */
  readonly dataDir: string;
  /** Guest subnet prefix on this host, e.g. `192.168.200`. */
  readonly subnet: string;
  /** Where the agent process writes its stdout/stderr. */
  readonly logFile: string;
  /** The manager's id of this host (after registration). */
  hostId(): Promise<string>;
  /** The manager's view of this host. */
  info(): Promise<Host>;
  /** Pid of the running agent process, if any. */
  agentPid(): number | undefined;
  /** Stops the agent process (SIGTERM); its VMs keep running, as in production. */
  stopAgent(): Promise<void>;
  /** Starts the agent again and waits until the manager sees it online. */
  startAgent(): Promise<void>;
  /** Pids of every process in the host's namespace (VMMs, QEMUs, the agent). */
  processes(): number[];
  /**
   * Pids in the host's namespace that belong to VMs: everything but the agent and its warm pool's
   * idle VMMs (NQVM_VMM_POOL), which wait there for the next VM.
   */
  vmProcesses(): number[];
}

export interface Stack {
  /** `http://10.213.<n>.1:<port>` — reachable from this process and from every host netns. */
  readonly managerUrl: string;
  /** Where agents reach the manager: `managerUrl`, or with agentTls its agent https listener. */
  readonly agentManagerUrl: string;
  /** With agentTls: the manager CA's `sha256:<hex>` the agents pin (NQVM_MANAGER_CA_SHA256). */
  readonly caPin?: string;
  /** Admin bearer token. */
  readonly token: string;
  readonly joinToken: string;
  /** `@nqvm/client` bound to `managerUrl` and `token`. */
  readonly client: ManagerClient;
  readonly hosts: readonly StackHost[];
  readonly database: 'pglite' | 'postgres';
  readonly managerDataDir: string;
  /** The in-process manager (replaced by `restartManager`). */
  manager(): FastifyInstance;
  /** Closes the manager and builds a new one on the same data dir, database and port. */
  restartManager(): Promise<void>;
  /** Kills agents and every process in the namespaces, deletes namespaces, link, cgroups and dirs. */
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const nqvmBin = join(repoRoot, 'bin', 'nqvm');
const AGENT_PORT = 19090;

/** Everything a crashed worker must not leave behind; cleaned synchronously at exit. */
const liveNamespaces = new Set<string>();
const liveLinks = new Set<string>();
let exitHook = false;
function installExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const ns of liveNamespaces) killNamespaceSync(ns);
    for (const link of liveLinks) spawnSync('ip', ['link', 'del', link], { stdio: 'ignore' });
  });
}

function killNamespaceSync(ns: string): number[] {
  const out = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
  const pids = (out.stdout ?? '').split(/\s+/).filter(Boolean).map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids;
}

function namespacePids(ns: string): number[] {
  const out = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
  return (out.stdout ?? '').split(/\s+/).filter(Boolean).map(Number);
}

function run(command: string, args: readonly string[]): void {
  const out = spawnSync(command, args, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${out.stderr || out.error}`);
}

/** Where concurrent e2e stacks (other test files, other runs) reserve their link subnets. */
const SUBNET_LOCKS = '/run/nqvm-e2e-subnets';

/**
 * A /24 on the test link that no interface of this machine uses and no other e2e stack has
 * reserved. Test files run in parallel: two that merely looked at `ip addr` at the same moment
 * could pick the same subnet, and a manager would then reach the other file's agent. The reservation
 * is a lock file created exclusively; one whose owner is gone (a killed run) is taken over.
 */
function reserveLinkSubnet(): { subnet: string; release: () => void } {
  mkdirSync(SUBNET_LOCKS, { recursive: true });
  const used = spawnSync('ip', ['-o', '-4', 'addr', 'show'], { encoding: 'utf8' }).stdout ?? '';
  for (let attempt = 0; attempt < 100; attempt++) {
    const n = 1 + ((randomBytes(1)[0] as number) % 250);
    const subnet = `10.213.${n}`;
    if (used.includes(` ${subnet}.`)) continue;
    const lock = join(SUBNET_LOCKS, subnet);
    if (!takeLock(lock)) continue;
    return { subnet, release: () => rmSync(lock, { force: true }) };
  }
  throw new Error('no free 10.213.x.0/24 for the e2e test link');
}

function takeLock(lock: string): boolean {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const owner = Number(readFileSync(lock, 'utf8').trim());
    if (owner > 0 && isAlive(owner)) return false;
    rmSync(lock, { force: true });
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      return false; // another stack took it over first
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the VM cgroups an agent left (a killed agent cannot); children first, best effort. */
function removeCgroups(vmIds: readonly string[]): void {
  const root = '/sys/fs/cgroup';
  const candidates: string[] = [join(root, 'nqvm')];
  for (const ctrl of existsSync(root) ? readdirSync(root) : []) candidates.push(join(root, ctrl, 'nqvm'));
  const rmTree = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      const child = join(dir, entry);
      if (statSync(child).isDirectory()) rmTree(child);
    }
    try {
      rmdirSync(dir);
    } catch {
      // still has a process (it was just killed) or not ours to remove
    }
  };
  for (const parent of candidates) for (const id of vmIds) rmTree(join(parent, id));
}

/**
 * The stack's own copy of the default images (reflinked or sparse, so cheap) with sha256s of the
 * copies: another test run that rebuilds the shared images mid-test cannot change the bytes this
 * manager serves under the sha256 it registered.
 */
async function writeManagerManifest(imagesDir: string): Promise<void> {
  const manifest = await testImages();
  const items = [];
  for (const item of manifest.items) {
    const path = join(imagesDir, basename(item.path));
    run('cp', ['--reflink=auto', '--sparse=always', item.path, path]);
    const sha256 = await sha256Of(path);
    items.push({ ...item, path, sha256, size: statSync(path).size });
  }
  await writeFile(join(imagesDir, 'manifest.json'), JSON.stringify({ ...manifest, items }, null, 2));
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function freeListen(app: FastifyInstance, host: string, port: number): Promise<number> {
  await app.listen({ host, port });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('manager did not listen');
  return address.port;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const hostCount = options.hosts ?? 1;
  const database = options.database ?? 'pglite';
  const tag = randomBytes(3).toString('hex');
  const dir: TempDir = await tempDir(`nqvm-e2e-${tag}-`);
  const cleanups: Array<() => Promise<void> | void> = [async () => dir.cleanup()];
  const hosts: StackHost[] = [];
  let app: FastifyInstance | undefined;
  let postgres: PostgresServer | undefined;

  async function stop(): Promise<void> {
    // Last in, first out; keep going past failures so one leftover never hides another.
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw new AggregateError(errors, 'e2e stack cleanup failed');
  }

  try {
    installExitHook();
    const token = `e2e-admin-${randomBytes(16).toString('hex')}`;
    const joinToken = `e2e-join-${randomBytes(16).toString('hex')}`;

    // 1. The private test link in the root namespace.
    const { subnet: linkSubnet, release: releaseSubnet } = reserveLinkSubnet();
    cleanups.push(releaseSubnet);
    const linkAddr = `${linkSubnet}.1`;
    const bridge = `nqe${tag}`;
    run('ip', ['link', 'add', bridge, 'type', 'bridge']);
    liveLinks.add(bridge);
    cleanups.push(() => {
      spawnSync('ip', ['link', 'del', bridge], { stdio: 'ignore' });
      liveLinks.delete(bridge);
    });
    run('ip', ['addr', 'add', `${linkAddr}/24`, 'dev', bridge]);
    run('ip', ['link', 'set', bridge, 'up']);

    // 2. The manager: default images from testImages() via its manifest, PGlite or PostgreSQL.
    const managerDataDir = join(dir.path, 'manager');
    await mkdir(join(managerDataDir, 'images'), { recursive: true });
    await writeManagerManifest(join(managerDataDir, 'images'));
    let databaseUrl: string | undefined;
    if (database === 'postgres') {
      postgres = await startPostgres();
      const pg = postgres;
      cleanups.push(() => pg.stop());
      databaseUrl = await pg.createDatabase();
    }
    const imageRoot = join(dir.path, 'images');
    await mkdir(imageRoot, { recursive: true });
    const build = () =>
      buildManager({
        dataDir: managerDataDir,
        ...(databaseUrl ? { databaseUrl } : {}),
        adminToken: token,
        joinToken,
        imageRoot,
        logLevel: options.managerLogLevel ?? false,
        hostTimeoutMs: options.hostTimeoutMs ?? 15_000,
        reconcileIntervalMs: options.reconcileIntervalMs ?? 2_000,
        metricsIntervalMs: 0,
        agentTls: options.agentTls ?? false,
        ...(options.agentTls ? { tlsSans: [linkAddr] } : {}),
      });
    app = await build();
    cleanups.push(async () => app?.close());
    const managerPort = await freeListen(app, linkAddr, 0);
    const managerUrl = `http://${linkAddr}:${managerPort}`;
    // With agent TLS, agents join over the manager's agent https listener, pinning its CA.
    const agentListener = app.manager.agentListener;
    const agentPort = agentListener ? await agentListener.listen(0, linkAddr) : undefined;
    const agentManagerUrl = agentPort ? `https://${linkAddr}:${agentPort}` : managerUrl;
    const caPin = agentListener?.fingerprint;
    const client = createManagerClient({ baseUrl: managerUrl, token });

    // 3. One namespace, veth and agent process per host.
    for (let index = 0; index < hostCount; index++) {
      const host = await startHost({
        index,
        tag,
        dir: dir.path,
        bridge,
        linkSubnet,
        managerUrl: agentManagerUrl,
        ...(caPin ? { caPin } : {}),
        joinToken,
        client,
        cleanups,
        agentTls: options.agentTls ?? false,
      });
      hosts.push(host);
    }
    for (const host of hosts) await host.startAgent();

    return {
      managerUrl,
      agentManagerUrl,
      ...(caPin ? { caPin } : {}),
      token,
      joinToken,
      client,
      hosts,
      database,
      managerDataDir,
      manager: () => app as FastifyInstance,
      async restartManager() {
        await app?.close();
        app = await build();
        await freeListen(app, linkAddr, managerPort);
        if (agentPort) await app.manager.agentListener?.listen(agentPort, linkAddr);
      },
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

interface HostSetup {
  index: number;
  tag: string;
  dir: string;
  bridge: string;
  linkSubnet: string;
  managerUrl: string;
  /** NQVM_MANAGER_CA_SHA256 for agents joining over https. */
  caPin?: string;
  joinToken: string;
  client: ManagerClient;
  cleanups: Array<() => Promise<void> | void>;
  agentTls: boolean;
}

async function startHost(setup: HostSetup): Promise<StackHost> {
  const { index, tag, client } = setup;
  const subnet = `192.168.${200 + index}`;
  const hostname = `nqvm-e2e-h${index}`;
  const addr = `${setup.linkSubnet}.${10 + index}`;
  const dataDir = join(setup.dir, `host${index}`);
  const logFile = join(setup.dir, `host${index}-agent.log`);
  await mkdir(dataDir, { recursive: true });

  // The namespace's br0 is the agent's guest bridge (NQVM_BRIDGE=br0, same subnet).
  const netns = await createNetns({ subnet });
  liveNamespaces.add(netns.name);
  setup.cleanups.push(async () => {
    // Agents first (SIGTERM in stopAgent), then whatever they left running: VMMs and QEMUs.
    for (let round = 0; round < 50 && namespacePids(netns.name).length; round++) {
      killNamespaceSync(netns.name);
      await new Promise((r) => setTimeout(r, 100));
    }
    const vmsDir = join(dataDir, 'vms');
    removeCgroups(existsSync(vmsDir) ? readdirSync(vmsDir) : []);
    await netns.destroy();
    liveNamespaces.delete(netns.name);
  });

  const rootEnd = `nqe${tag}h${index}`;
  run('ip', ['link', 'add', rootEnd, 'type', 'veth', 'peer', 'name', 'uplink', 'netns', netns.name]);
  liveLinks.add(rootEnd);
  setup.cleanups.push(() => {
    spawnSync('ip', ['link', 'del', rootEnd], { stdio: 'ignore' });
    liveLinks.delete(rootEnd);
  });
  run('ip', ['link', 'set', rootEnd, 'master', setup.bridge]);
  run('ip', ['link', 'set', rootEnd, 'up']);
  run('ip', ['-n', netns.name, 'addr', 'add', `${addr}/24`, 'dev', 'uplink']);
  run('ip', ['-n', netns.name, 'link', 'set', 'uplink', 'up']);

  let child: ChildProcess | undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NQVM_DATA_DIR: dataDir,
    AGENT_PORT: String(AGENT_PORT),
    AGENT_HOST: addr,
    NQVM_AGENT_ADDR: addr,
    NQVM_MANAGER_URL: setup.managerUrl,
    NQVM_JOIN_TOKEN: setup.joinToken,
    NQVM_BRIDGE: 'br0',
    NQVM_SUBNET: `${subnet}.0/24`,
    NQVM_ACCEL: process.env.NQVM_ACCEL ?? 'tcg',
    NQVM_STOP_TIMEOUT_MS: '20000',
    ...(setup.agentTls ? { NQVM_AGENT_TLS: '1' } : {}),
    ...(setup.caPin ? { NQVM_MANAGER_CA_SHA256: setup.caPin } : {}),
  };
  delete env.NQVM_NETNS;
  delete env.NQVM_AGENT_TOKEN;

  async function findHost(): Promise<Host | undefined> {
    return (await client.hosts.list()).find((h) => h.addr === addr && h.port === AGENT_PORT);
  }

  async function stopAgent(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  setup.cleanups.push(stopAgent);

  const host: StackHost = {
    index,
    hostname,
    netns,
    addr,
    port: AGENT_PORT,
    dataDir,
    subnet,
    logFile,
    async hostId() {
      return (await host.info()).id;
    },
    async info() {
      const found = await findHost();
      if (!found) throw new Error(`host ${hostname} (${addr}) is not registered with the manager`);
      return found;
    },
    agentPid: () => child?.pid,
    stopAgent,
    async startAgent() {
      if (child) return;
      if (!existsSync(join(repoRoot, 'packages', 'cli', 'dist', 'main.js'))) {
        throw new Error('bin/nqvm is not built: run `npx tsc -b` before the e2e tests');
      }
      const before = (await findHost().catch(() => undefined))?.last_heartbeat_at ?? null;
      const fd = openSync(logFile, 'a');
      try {
        // unshare --uts and nsenter both exec: the pid we hold is the agent's own.
        child = spawn(
          'unshare',
          [
            '--uts',
            '--',
            'sh',
            '-c',
            'hostname "$0" && exec "$@"',
            hostname,
            'nsenter',
            `--net=/run/netns/${netns.name}`,
            '--',
            process.execPath,
            nqvmBin,
            'agent',
          ],
          { env, stdio: ['ignore', fd, fd] },
        );
      } finally {
        closeSync(fd);
      }
      const proc = child;
      let exit: string | undefined;
      proc.once('exit', (code, signal) => {
        exit = `agent ${hostname} exited (${signal ?? `code ${code}`})`;
      });
      await waitFor(
        `agent ${hostname} to register and heartbeat`,
        async () => {
          if (exit) throw new Error(`${exit}; log:\n${await tail(logFile)}`);
          const found = await findHost();
          const fresh = found && found.last_heartbeat_at !== before && found.status === 'online';
          return fresh && found.hostname === hostname ? found : undefined;
        },
        { timeoutMs: 60_000 },
      );
    },
    processes: () => namespacePids(netns.name),
    vmProcesses: () => {
      const idle = new Set(idlePoolVmms(join(dataDir, 'vms', '.pool')));
      return namespacePids(netns.name).filter((pid) => pid !== child?.pid && !idle.has(pid));
    },
  };
  return host;
}

async function tail(file: string, chars = 4000): Promise<string> {
  return (await readFile(file, 'utf8').catch(() => '')).slice(-chars);
}
