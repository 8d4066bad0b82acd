// The kept list's encoding across many blocks: after updates, departures and a new order, the joined
// body is exactly what encoding the whole list at once gives.
import { describe, expect, it } from 'vitest';
import { redactPaths } from '../plugins/path-redaction.js';
import type { VmWithHost } from '../repositories/vm.repository.js';
import type { VmListDelta } from '../repositories/vm-list.repository.js';
import { toVm } from './mappers.js';
import { applyDelta, bodyOf, changesMembership, itemOf, type VmList, wholeList } from './vm-list.body.js';

const VMS = 300; // more than two blocks

function row(i: number, patch: Partial<VmWithHost> = {}): VmWithHost {
  const t = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `vm-${i}`,
    state: 'running',
    desired_state: 'running',
    vcpu: 1,
    mem_mib: 256,
    kernel_image_id: null,
    initrd_image_id: null,
    rootfs_image_id: null,
    kernel_path: `/srv/kernels/${i}`,
    initrd_path: null,
    rootfs_path: null,
    boot_args: null,
    hostname: `vm-${i}`,
    host_id: null,
    host_addr: null,
    tap: null,
    api_sock: null,
    log_path: null,
    http_port: null,
    fc_unit: null,
    guest_mac: null,
    guest_ip: null,
    template_id: null,
    source_snapshot_id: null,
    error: null,
    created_at: t,
    updated_at: t,
    ...patch,
  };
}

const delta = (rows: VmWithHost[], extra: Partial<VmListDelta> = {}): VmListDelta => ({
  version: '2',
  complete: false,
  rows,
  deleted: false,
  ...extra,
});

/** What the body must be: the listed rows encoded in one go. */
function expected(rows: VmWithHost[], redact: boolean) {
  const items = rows.map((r) => toVm(r));
  return JSON.parse(JSON.stringify({ items: redact ? redactPaths(items) : items, next_cursor: null }));
}

const decoded = (list: VmList, redact: boolean) =>
  JSON.parse(bodyOf(list, redact ? redactPaths : undefined).toString());

describe('VM list body', () => {
  const rows = Array.from({ length: VMS }, (_, i) => row(i));
  const base = wholeList({ version: '1', complete: true, rows, deleted: false });

  it('encodes the whole list, with and without host paths', () => {
    expect(decoded(base, false)).toEqual(expected(rows, false));
    expect(decoded(base, true)).toEqual(expected(rows, true));
    expect(JSON.stringify(decoded(base, true))).not.toContain('/srv/kernels');
  });

  it('re-encodes only changed VMs, in place, in any block', () => {
    bodyOf(base, undefined); // encodings kept on the base, reused below
    const changed = [
      row(5, { state: 'stopped' }),
      row(200, { error: 'boom' }),
      row(299, { state: 'paused' }),
    ];
    expect(changesMembership(base, changed, false)).toBe(false);
    const next = applyDelta(base, delta(changed)) as VmList;
    const now = rows.map((r) => changed.find((c) => c.id === r.id) ?? r);
    expect(decoded(next, false)).toEqual(expected(now, false));
    expect(decoded(next, true)).toEqual(expected(now, true));
    expect(itemOf(next, row(200).id)?.error).toBe('boom');
    // The older list is untouched (a slower reader may still be sending it).
    expect(decoded(base, false)).toEqual(expected(rows, false));
  });

  it('leaves out VMs now being deleted without asking for the order', () => {
    const leaving = [row(0, { state: 'deleting' }), row(150, { state: 'deleting' })];
    expect(changesMembership(base, leaving, false)).toBe(false);
    const next = applyDelta(base, delta(leaving)) as VmList;
    const now = rows.filter((_, i) => i !== 0 && i !== 150);
    expect(decoded(next, false)).toEqual(expected(now, false));
    expect(itemOf(next, row(150).id)).toBeUndefined();
    expect(itemOf(next, row(151).id)?.name).toBe('vm-151');
  });

  it('asks for the order when a VM is new or one was deleted outright, and follows it', () => {
    const added = row(1000);
    expect(changesMembership(base, [added], false)).toBe(true);
    expect(changesMembership(base, [], true)).toBe(true);
    const now = [...rows.slice(0, 10), added, ...rows.slice(12)];
    const next = applyDelta(base, delta([added], { deleted: true, order: now.map((r) => r.id) })) as VmList;
    expect(decoded(next, false)).toEqual(expected(now, false));
    // An order naming a VM neither known nor in the delta does not fit: the caller re-reads all.
    expect(applyDelta(base, delta([], { order: [row(2000).id] }))).toBeUndefined();
  });
});
