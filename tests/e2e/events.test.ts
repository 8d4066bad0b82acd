// GET /v1/events on the real stack: a VM's create → start → stop → delete arrive live, in order, and replay from an id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventStream, type ManagerSseEvent, openEvents } from './support/events.js';
import { type Stack, startStack } from './support/stack.js';
import { hostTraces, waitForOnlyAgent } from './support/vms.js';

describe('live events (SSE)', () => {
  let stack: Stack;
  let stream: EventStream | undefined;
  beforeAll(async () => {
    stack = await startStack({ hosts: 1, database: 'pglite' });
  });
  afterAll(async () => {
    stream?.close();
    await stack?.stop();
  });

  /** `kind from→to` of a VM's events, e.g. `vm.state stopped→starting`. */
  const transitions = (events: readonly ManagerSseEvent[], vmId: string) =>
    events
      .filter((e) => e.data.resource_id === vmId)
      .map((e) => (e.event === 'vm.state' ? `vm.state ${e.data.data.from}→${e.data.data.to}` : e.event));

  it('streams a VM’s state transitions in order, for that VM only, and replays them from an event id', async () => {
    const { client, managerUrl } = stack;

    // 1. The stream needs credentials: none → 401; a ticket works once.
    const anonymous = await fetch(`${managerUrl}/v1/events`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      code: 'MVM_ERR_UNAUTHORIZED',
      suggestion: expect.any(String),
    });
    const { ticket } = await client.tickets.create();
    const first = new AbortController();
    expect((await fetch(client.eventsUrlWithTicket(ticket), { signal: first.signal })).status).toBe(200);
    first.abort();
    const reused = await fetch(client.eventsUrlWithTicket(ticket));
    expect(reused.status).toBe(401);
    expect(await reused.json()).toMatchObject({ code: 'MVM_ERR_TICKET_INVALID' });

    // 2. Subscribed before anything happens: every step below is read off the stream as it comes.
    stream = await openEvents(client);
    const { id } = await client.vms.create({ name: 'events-vm', vcpu: 1, mem_mib: 256, start: false });
    const other = await client.vms.create({ name: 'events-other', vcpu: 1, mem_mib: 256, start: false });
    const taps = new Map([id, other.id].map((v) => [v, null as string | null]));
    for (const vmId of taps.keys()) taps.set(vmId, (await client.vms.get(vmId)).tap);
    const is = (kind: string, to?: string) => (e: ManagerSseEvent) =>
      e.data.resource_id === id && e.event === kind && (to === undefined || e.data.data.to === to);
    await stream.next('events-vm stopped after create', is('vm.state', 'stopped'));

    await client.vms.start(id);
    await stream.next('events-vm running', is('vm.state', 'running'));
    await client.vms.stop(id);
    // The stop may answer while the guest is still shutting down: the stream says when it is done.
    await stream.next(
      'events-vm stopped after stop',
      (e) => is('vm.state', 'stopped')(e) && e.data.data.from === 'stopping',
    );
    await client.vms.delete(id);
    const deleted = await stream.next('events-vm deleted', is('vm.deleted'));

    // 3. Exactly the lifecycle, in order, named after the VM; the other VM's events are its own.
    const expected = [
      'vm.created',
      'vm.state creating→stopped',
      'vm.state stopped→starting',
      'vm.state starting→running',
      'vm.state running→stopping',
      'vm.state stopping→stopped',
      'vm.deleted',
    ];
    expect(transitions(stream.events, id)).toEqual(expected);
    const mine = stream.events.filter((e) => e.data.resource_id === id);
    for (const e of mine) {
      expect(e.data).toMatchObject({ resource_type: 'vm', data: { name: 'events-vm' } });
      expect(e.id).toBe(e.data.id);
    }
    const ids = stream.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(transitions(stream.events, other.id)).toEqual(['vm.created', 'vm.state creating→stopped']);

    // 4. A client that missed them (`after` = Last-Event-ID) gets the same events replayed.
    const created = mine[0] as ManagerSseEvent;
    const replay = await openEvents(client, created.id - 1);
    try {
      await replay.next('the replayed delete', (e) => e.id === deleted.id, 30_000);
      expect(transitions(replay.events, id)).toEqual(expected);
    } finally {
      replay.close();
    }
    await client.vms.delete(other.id);

    // 5. Nothing of either VM is left on the host.
    const [host] = stack.hosts;
    if (!host) throw new Error('no host');
    for (const vmId of [id, other.id])
      expect(await hostTraces(host, vmId, taps.get(vmId) ?? null)).toEqual({
        dir: false,
        tap: false,
        processes: [],
      });
    await waitForOnlyAgent(host);
  });
});
