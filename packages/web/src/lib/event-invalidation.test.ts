// Server events → the queries they make stale; checked against a real QueryClient's prefix matching.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { invalidationsFor } from './event-invalidation';
import { queryKeys } from './query-keys';
import { createSseParser, parseManagerEvent, type SseMessage } from './sse';

const ev = (
  kind: string,
  resource_type: string,
  resource_id: string,
  data: Record<string, unknown> = {},
) => ({
  kind,
  resource_type,
  resource_id,
  data,
});

describe('invalidationsFor', () => {
  it('a VM state change refreshes the list, that VM (and its devices) and host usage', () => {
    expect(invalidationsFor(ev('vm.state', 'vm', 'v1', { from: 'starting', to: 'running' }))).toEqual([
      queryKeys.vms.list(),
      queryKeys.vms.detail('v1'),
      queryKeys.hosts.all,
    ]);
  });

  it('a created VM also refreshes templates', () => {
    expect(invalidationsFor(ev('vm.created', 'vm', 'v1'))).toContainEqual(queryKeys.templates.all);
  });

  it("a snapshot event refreshes its VM's snapshot list, or every VM's when the VM is unknown", () => {
    expect(invalidationsFor(ev('snapshot.created', 'snapshot', 's1', { vm_id: 'v1' }))).toEqual([
      queryKeys.snapshots.detail('s1'),
      queryKeys.vms.snapshots('v1'),
    ]);
    expect(invalidationsFor(ev('snapshot.deleted', 'snapshot', 's1'))).toEqual([
      queryKeys.snapshots.detail('s1'),
      queryKeys.vms.all,
    ]);
  });

  it('image, template and host events refresh their lists', () => {
    expect(invalidationsFor(ev('image.ready', 'image', 'i1'))).toEqual([queryKeys.images.all]);
    expect(invalidationsFor(ev('template.created', 'template', 't1'))).toEqual([queryKeys.templates.all]);
    expect(invalidationsFor(ev('host.online', 'host', 'h1'))).toEqual([queryKeys.hosts.all]);
  });

  it('an unknown resource type refreshes everything rather than leave stale data', () => {
    expect(invalidationsFor(ev('x.y', 'gizmo', 'g1'))).toEqual([[]]);
  });

  it('invalidates exactly the matching cached queries', async () => {
    const qc = new QueryClient();
    const keys = [
      queryKeys.vms.list(),
      queryKeys.vms.detail('v1'),
      queryKeys.vms.drives('v1'),
      queryKeys.vms.detail('v2'),
      queryKeys.images.list('kernel'),
    ];
    for (const k of keys) qc.setQueryData(k, 'cached');
    for (const queryKey of invalidationsFor(ev('vm.state', 'vm', 'v1')))
      await qc.invalidateQueries({ queryKey });
    const stale = (k: readonly unknown[]) => qc.getQueryState(k)?.isInvalidated;
    expect(keys.map(stale)).toEqual([true, true, true, false, false]);
  });
});

describe('SSE parsing', () => {
  it('splits chunked input into events, skipping keepalive comments', () => {
    const got: SseMessage[] = [];
    const feed = createSseParser((m) => got.push(m));
    feed(': connected\n\nid: 7\nevent: vm.state\ndata: {"id":7,');
    feed('"kind":"vm.state","resource_type":"vm","resource_id":"v1","ts":"t","data":{}}\n\n: keepalive\n\n');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ id: '7', event: 'vm.state' });
    expect(parseManagerEvent(got[0] as SseMessage)).toMatchObject({
      id: 7,
      resource_type: 'vm',
      resource_id: 'v1',
    });
  });

  it('ignores data that is not a manager event', () => {
    expect(parseManagerEvent({ data: 'not json' })).toBeUndefined();
    expect(parseManagerEvent({ data: '{"hello":1}' })).toBeUndefined();
  });
});
