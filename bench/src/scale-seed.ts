// Seeds the scale figure's database directly with SQL: 10,000 VMs in a realistic mix of states,
// hosts, drives and NICs (plus images, templates, snapshots, events and audit rows around them).
// Through the API every VM would need a booted guest on a real agent; the rows are what counts here.
import { randomBytes, randomUUID } from 'node:crypto';

export type SqlExec = (sql: string, params?: unknown[]) => Promise<unknown>;

export interface SeedHost {
  id: string;
  credential: string;
  port: number;
}

/** What each fake agent reports: its VMs and their states, exactly as seeded. */
export interface SeedPlan {
  vmIds: string[];
  inventory: Map<string, Array<{ id: string; state: string; error?: string }>>;
}

const DAY_MS = 86_400_000;
const BATCH = 2_000;

/** Deterministic pseudo-random numbers, so every run seeds the same mix. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const mac = (r: () => number) =>
  `06:00:${[0, 0, 0, 0]
    .map(() =>
      Math.floor(r() * 256)
        .toString(16)
        .padStart(2, '0'),
    )
    .join(':')}`;

/** Running 60 %, stopped 25 %, paused 8 %, error 2 %, the rest stopped-by-guest (desired stopped). */
function stateOf(r: number): { state: string; desired: string; error: string | null } {
  if (r < 0.6) return { state: 'running', desired: 'running', error: null };
  if (r < 0.85) return { state: 'stopped', desired: 'stopped', error: null };
  if (r < 0.93) return { state: 'paused', desired: 'paused', error: null };
  if (r < 0.95) return { state: 'error', desired: 'running', error: 'vmm exited with status 1: guest panic' };
  return { state: 'stopped', desired: 'stopped', error: null };
}

async function insertRows(exec: SqlExec, table: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    // One statement per batch; json_populate_recordset maps keys onto the table's own columns.
    await exec(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [
      JSON.stringify(rows.slice(i, i + BATCH)),
    ]);
  }
}

/**
 * `analyze`: PostgreSQL's autovacuum would have analysed months-old tables; PGlite runs none, so
 * its planner sees what a real embedded install sees.
 */
export async function seedScaleData(
  exec: SqlExec,
  hosts: SeedHost[],
  vmCount: number,
  analyze: boolean,
): Promise<SeedPlan> {
  const r = rng(9);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const stamp = (ms: number) => ({ created_at: iso(ms), updated_at: iso(ms) });

  const hostRows = hosts.map((h, i) => ({
    id: h.id,
    hostname: `bench-host-${i + 1}`,
    addr: '127.0.0.1',
    port: h.port,
    accel: 'kvm',
    credential: h.credential,
    capacity: { vcpus: 128, mem_mib: 1_048_576, disk_bytes: 4e12 },
    usage: { vcpus: 0, mem_mib: 0, disk_bytes: 0, running_vms: 0 },
    observed_vms: [],
    // A little in the future: the manager starts after the seeding, and its first reconcile pass (before
    // any heartbeat can land) would otherwise find every host silent and mark 10,000 VMs unknown.
    last_heartbeat_at: iso(now + 10 * 60_000),
    ...stamp(now - 120 * DAY_MS),
  }));
  await insertRows(exec, 'hosts', hostRows);

  const image = (kind: string, name: string, size: number) => ({
    id: randomUUID(),
    kind,
    name,
    project: 'default',
    host_path: `/var/lib/nqvm/images/store/${kind}-${name}`,
    sha256: randomBytes(32).toString('hex'),
    size,
    origin: 'upload',
    status: 'ready',
    bytes_done: size,
    ...stamp(now - 100 * DAY_MS),
  });
  const kernel = image('kernel', 'vmlinux-6.1', 25e6);
  const initrd = image('initrd', 'initrd-6.1', 9e6);
  const rootfsImages = ['debian-12', 'alpine-3.19', 'ubuntu-22.04'].map((n) => image('rootfs', n, 1 << 30));
  const data = image('data', 'scratch-10g', 10 * 2 ** 30);
  await insertRows(exec, 'images', [kernel, initrd, ...rootfsImages, data]);

  const templates = ['small', 'medium', 'large', 'db', 'ci-runner'].map((name, i) => ({
    id: randomUUID(),
    name: `tpl-${name}`,
    spec: { vcpu: 2 ** Math.min(i, 3), mem_mib: 512 * 2 ** i, kernel_image_id: kernel.id },
    ...stamp(now - 95 * DAY_MS),
  }));
  await insertRows(exec, 'templates', templates);

  const vms: object[] = [];
  const drives: object[] = [];
  const nics: object[] = [];
  const snapshots: object[] = [];
  const plan: SeedPlan = { vmIds: [], inventory: new Map(hosts.map((h) => [h.id, []])) };
  for (let i = 0; i < vmCount; i++) {
    const id = randomUUID();
    const host = hosts[i % hosts.length] as SeedHost;
    const s = stateOf(r());
    const live = s.state === 'running' || s.state === 'paused';
    const created = now - 90 * DAY_MS + Math.floor((i / vmCount) * 89 * DAY_MS);
    const updated = created + Math.floor(r() * DAY_MS);
    const rootfs = pick(r, rootfsImages);
    const name = `vm-${String(i + 1).padStart(5, '0')}`;
    const tap = `tap${id.slice(0, 8)}`;
    const dir = `/var/lib/nqvm/vms/${id}`;
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    vms.push({
      id,
      name,
      state: s.state,
      desired_state: s.desired,
      vcpu: pick(r, [1, 1, 2, 2, 4, 8]),
      mem_mib: pick(r, [256, 512, 512, 1024, 2048, 4096]),
      kernel_image_id: kernel.id,
      initrd_image_id: initrd.id,
      rootfs_image_id: rootfs.id,
      kernel_path: kernel.host_path,
      initrd_path: initrd.host_path,
      rootfs_path: rootfs.host_path,
      boot_args: null,
      hostname: name,
      host_id: host.id,
      tap: live ? tap : null,
      api_sock: `${dir}/api.sock`,
      log_path: `${dir}/console.log`,
      http_port: null,
      fc_unit: null,
      guest_mac: mac(r),
      guest_ip: live ? ip : null,
      template_id: r() < 0.2 ? pick(r, templates).id : null,
      source_snapshot_id: null,
      error: s.error,
      created_at: iso(created),
      updated_at: iso(updated),
    });
    plan.vmIds.push(id);
    plan.inventory.get(host.id)?.push({ id, state: s.state, ...(s.error ? { error: s.error } : {}) });
    const drive = (driveId: string, root: boolean, extra: object) => ({
      id: randomUUID(),
      vm_id: id,
      drive_id: driveId,
      image_id: null,
      path_on_host: null,
      is_root_device: root,
      is_read_only: false,
      size_bytes: null,
      cache_type: 'Unsafe',
      io_engine: 'Sync',
      rate_limiter: null,
      ...stamp(created),
      ...extra,
    });
    drives.push(drive('rootfs', true, { image_id: rootfs.id }));
    if (r() < 0.3) {
      const limited = r() < 0.5;
      drives.push(
        drive('data1', false, {
          image_id: r() < 0.3 ? data.id : null,
          size_bytes: 10 * 2 ** 30,
          rate_limiter: limited ? { bandwidth: { size: 50e6, refill_time: 1000 } } : null,
        }),
      );
    }
    const nic = (iface: string, extra: object) => ({
      id: randomUUID(),
      vm_id: id,
      iface_id: iface,
      host_dev_name: live ? tap : null,
      guest_mac: mac(r),
      guest_ip: live ? ip : null,
      rx_rate_limiter: null,
      tx_rate_limiter: null,
      ...stamp(created),
      ...extra,
    });
    nics.push(nic('eth0', {}));
    if (r() < 0.2) {
      const bucket = { size: 12_500_000, refill_time: 1000 };
      nics.push(
        nic('eth1', {
          host_dev_name: null,
          rx_rate_limiter: { bandwidth: bucket },
          tx_rate_limiter: { bandwidth: bucket },
        }),
      );
    }
    if (r() < 0.1) {
      snapshots.push({
        id: randomUUID(),
        vm_id: id,
        host_id: host.id,
        name: 'nightly',
        snapshot_path: `${dir}/snapshots/nightly/state`,
        mem_path: `${dir}/snapshots/nightly/mem`,
        size_bytes: 512 * 2 ** 20,
        snapshot_type: 'Full',
        state: 'ready',
        parent_id: null,
        track_dirty_pages: false,
        vm_spec: { vcpu: 1, mem_mib: 512 },
        ...stamp(updated),
      });
    }
  }
  await insertRows(exec, 'vms', vms);
  await insertRows(exec, 'drives', drives);
  await insertRows(exec, 'nics', nics);
  await insertRows(exec, 'snapshots', snapshots);
  // A history of state changes and decisions, as months of use leave behind.
  await exec(
    `insert into events (ts, kind, resource_type, resource_id, data)
     select now() - (g || ' minutes')::interval, 'vm.state', 'vm', $1::text, '{"from":"stopped","to":"running"}'::jsonb
     from generate_series(1, 20000) g`,
    [plan.vmIds[0]],
  );
  await exec(
    `insert into audit_log (ts, actor, action, target, status, result, client_addr)
     select now() - (g || ' minutes')::interval, 'admin', 'POST /v1/vms/:id/start', $1::text, 200, 'ok', '127.0.0.1'
     from generate_series(1, 20000) g`,
    [plan.vmIds[0]],
  );
  if (analyze) await exec('analyze');
  return plan;
}
