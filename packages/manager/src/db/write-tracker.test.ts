// Which statements count as writes for the embedded database's write count.
import { expect, it } from 'vitest';
import { isReadOnlySql } from './write-tracker.js';

it('treats plain SELECTs as reads and everything else as a possible write', () => {
  expect(isReadOnlySql('select * from "vms" where "id" = $1')).toBe(true);
  expect(isReadOnlySql('  SELECT version::text as v from vm_list_version')).toBe(true);
  for (const sql of [
    'insert into "vms" ("id") values ($1)',
    'update "vms" set "state" = $1',
    'delete from "vms" where "id" = $1',
    'begin',
    'commit',
    'with x as (delete from vms returning id) select * from x',
    "select nextval('seq')",
    'create table t (id int)',
  ]) {
    expect(isReadOnlySql(sql), sql).toBe(false);
  }
});
