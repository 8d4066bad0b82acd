// The first schema: every table the manager keeps desired and observed state in.
// Timestamps have millisecond precision, the same as a JS Date, so cursors round-trip exactly.
import { type Kysely, sql } from 'kysely';

const timestamps = sql`created_at timestamptz(3) not null default now(), updated_at timestamptz(3) not null default now()`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table hosts (
    id uuid primary key,
    hostname text not null,
    addr text not null,
    port integer not null,
    accel text not null,
    credential text not null,
    capacity jsonb not null,
    usage jsonb not null,
    observed_vms jsonb not null default '[]',
    last_heartbeat_at timestamptz(3),
    ${timestamps},
    unique (addr, port)
  )`.execute(db);

  await sql`create table images (
    id uuid primary key,
    kind text not null check (kind in ('kernel', 'initrd', 'rootfs', 'data')),
    name text not null,
    project text,
    host_path text not null,
    sha256 text,
    size bigint not null default 0,
    origin text not null,
    status text not null,
    bytes_done bigint not null default 0,
    source_url text,
    version text,
    error text,
    ${timestamps}
  )`.execute(db);
  // One name per kind and project, so manifest registration at start-up is an upsert.
  await sql`create unique index images_kind_project_name on images (kind, coalesce(project, ''), name)`.execute(
    db,
  );

  await sql`create table templates (
    id uuid primary key,
    name text not null unique,
    spec jsonb not null,
    ${timestamps}
  )`.execute(db);

  await sql`create table vms (
    id uuid primary key,
    name text not null unique,
    state text not null,
    desired_state text not null,
    vcpu integer not null check (vcpu >= 1),
    mem_mib integer not null check (mem_mib >= 256),
    kernel_image_id uuid references images (id) on delete restrict,
    initrd_image_id uuid references images (id) on delete restrict,
    rootfs_image_id uuid references images (id) on delete restrict,
    kernel_path text,
    initrd_path text,
    rootfs_path text,
    boot_args text,
    hostname text not null,
    host_id uuid references hosts (id) on delete set null,
    tap text,
    api_sock text,
    log_path text,
    http_port integer,
    fc_unit text,
    guest_mac text,
    guest_ip text,
    template_id uuid references templates (id) on delete set null,
    source_snapshot_id uuid,
    error text,
    ${timestamps}
  )`.execute(db);
  await sql`create index vms_host on vms (host_id)`.execute(db);

  await sql`create table drives (
    id uuid primary key,
    vm_id uuid not null references vms (id) on delete cascade,
    drive_id text not null,
    image_id uuid references images (id) on delete restrict,
    path_on_host text,
    is_root_device boolean not null,
    is_read_only boolean not null,
    size_bytes bigint,
    cache_type text not null,
    io_engine text not null,
    rate_limiter jsonb,
    ${timestamps},
    unique (vm_id, drive_id)
  )`.execute(db);

  await sql`create table nics (
    id uuid primary key,
    vm_id uuid not null references vms (id) on delete cascade,
    iface_id text not null,
    host_dev_name text,
    guest_mac text not null,
    guest_ip text,
    rx_rate_limiter jsonb,
    tx_rate_limiter jsonb,
    ${timestamps},
    unique (vm_id, iface_id)
  )`.execute(db);

  await sql`create table snapshots (
    id uuid primary key,
    vm_id uuid not null references vms (id) on delete cascade,
    host_id uuid references hosts (id) on delete set null,
    name text not null,
    snapshot_path text,
    mem_path text,
    size_bytes bigint not null default 0,
    snapshot_type text not null check (snapshot_type in ('Full', 'Diff')),
    state text not null,
    parent_id uuid references snapshots (id) on delete restrict,
    track_dirty_pages boolean not null default false,
    vm_spec jsonb not null,
    ${timestamps},
    unique (vm_id, name)
  )`.execute(db);

  await sql`create table events (
    id bigserial primary key,
    ts timestamptz(3) not null default now(),
    kind text not null,
    resource_type text not null,
    resource_id text not null,
    data jsonb not null
  )`.execute(db);

  await sql`create table metric_samples (
    id bigserial primary key,
    vm_id uuid not null references vms (id) on delete cascade,
    ts timestamptz(3) not null,
    cpu_pct double precision,
    rss_bytes bigint,
    data jsonb not null
  )`.execute(db);
  await sql`create index metric_samples_vm_ts on metric_samples (vm_id, ts)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'metric_samples',
    'events',
    'snapshots',
    'nics',
    'drives',
    'vms',
    'templates',
    'images',
    'hosts',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
