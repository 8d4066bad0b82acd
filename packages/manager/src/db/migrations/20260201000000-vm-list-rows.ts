// Per-row change stamps for the cached VM list: every VM row carries the list counter's value of the
// statement that last wrote it, so the list after a change re-reads only the rows stamped since, not
// all 10,000 (services/vm-list.cache.ts).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table vms add column list_version bigint not null default 0`.execute(db);
  await sql`create index vms_list_version on vms (list_version)`.execute(db);
  // The list's order, and the paged list: a sorted index scan instead of a sort of 10,000 rows.
  await sql`create index vms_created on vms (created_at, id)`.execute(db);
  // A host's address is on every VM object of that host: a change there means "re-read everything".
  await sql`alter table vm_list_version add column hosts_version bigint not null default 0`.execute(db);
  // A row deleted outright leaves no stamped row behind: this says "re-read which VMs exist".
  await sql`alter table vm_list_version add column deleted_version bigint not null default 0`.execute(db);
  await sql`create or replace function bump_vm_list_version() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'TRUNCATE') then
        update vm_list_version set version = version + 1, deleted_version = version + 1;
      else
        update vm_list_version set version = version + 1;
      end if;
      return null;
    end
  $$`.execute(db);

  // BEFORE the statement (it was AFTER): the counter's row lock is now taken before any row is stamped
  // and held until commit, so writers get their stamps in commit order — a reader that saw counter N
  // has seen every row stamped N or lower.
  await sql`drop trigger vms_list_version on vms`.execute(db);
  await sql`create trigger vms_list_version before insert or update or delete or truncate on vms
    for each statement execute function bump_vm_list_version()`.execute(db);
  await sql`create function stamp_vm_list_version() returns trigger language plpgsql as $$
    begin
      new.list_version := (select version from vm_list_version);
      return new;
    end
  $$`.execute(db);
  await sql`create trigger vms_list_stamp before insert or update on vms
    for each row execute function stamp_vm_list_version()`.execute(db);

  await sql`drop trigger hosts_list_version on hosts`.execute(db);
  await sql`create function bump_vm_list_hosts_version() returns trigger language plpgsql as $$
    begin
      update vm_list_version set version = version + 1, hosts_version = version + 1;
      return null;
    end
  $$`.execute(db);
  await sql`create trigger hosts_list_version after update of addr or delete on hosts
    for each statement execute function bump_vm_list_hosts_version()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger hosts_list_version on hosts`.execute(db);
  await sql`drop function bump_vm_list_hosts_version()`.execute(db);
  await sql`create trigger hosts_list_version after update of addr or delete on hosts
    for each statement execute function bump_vm_list_version()`.execute(db);
  await sql`drop trigger vms_list_stamp on vms`.execute(db);
  await sql`drop function stamp_vm_list_version()`.execute(db);
  await sql`drop trigger vms_list_version on vms`.execute(db);
  await sql`create trigger vms_list_version after insert or update or delete or truncate on vms
    for each statement execute function bump_vm_list_version()`.execute(db);
  await sql`create or replace function bump_vm_list_version() returns trigger language plpgsql as $$
    begin
      update vm_list_version set version = version + 1;
      return null;
    end
  $$`.execute(db);
  await sql`alter table vm_list_version drop column deleted_version`.execute(db);
  await sql`alter table vm_list_version drop column hosts_version`.execute(db);
  await sql`drop index vms_created`.execute(db);
  await sql`drop index vms_list_version`.execute(db);
  await sql`alter table vms drop column list_version`.execute(db);
}
