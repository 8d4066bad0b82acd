// A change counter for what GET /v1/vms shows: bumped by the database itself on every statement that
// writes VMs (foreign-key actions and other processes included) or changes a host's address, so a
// cached list can be checked with one tiny query instead of re-reading 10,000 rows.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table vm_list_version (
    id boolean primary key default true check (id),
    version bigint not null
  )`.execute(db);
  await sql`insert into vm_list_version (id, version) values (true, 0)`.execute(db);
  // Per statement, not per row: a reconcile pass that marks 1,000 VMs bumps it once.
  await sql`create function bump_vm_list_version() returns trigger language plpgsql as $$
    begin
      update vm_list_version set version = version + 1;
      return null;
    end
  $$`.execute(db);
  await sql`create trigger vms_list_version after insert or update or delete or truncate on vms
    for each statement execute function bump_vm_list_version()`.execute(db);
  // host_addr is part of every VM object; heartbeats (which never set addr) do not count.
  await sql`create trigger hosts_list_version after update of addr or delete on hosts
    for each statement execute function bump_vm_list_version()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists hosts_list_version on hosts`.execute(db);
  await sql`drop trigger if exists vms_list_version on vms`.execute(db);
  await sql`drop function if exists bump_vm_list_version()`.execute(db);
  await sql`drop table if exists vm_list_version`.execute(db);
}
