// The whole VM list (GET /v1/vms without paging) as ready JSON, kept per VM: while the database's change
// counter stands still nothing is read; after a change only the rows stamped since are re-read, mapped
// and encoded, and the body is re-joined from the per-VM pieces (a few ms for 10,000 VMs, where a
// re-read of every row cost ~0.5 s). Never stale: counter and rows come from one snapshot, and stamps
// are handed out in commit order (migration 20260201000000). On an embedded database (PGlite) an
// unchanged write count even spares the counter's query. Single VMs (GET /v1/vms/{id}) are answered
// from the same list while it is known to be current.

import type { VmWithHost } from '../repositories/vm.repository.js';
import type { VmListDelta } from '../repositories/vm-list.repository.js';
import { toVm } from './mappers.js';

export interface VmListSource {
  /** The counter the triggers of migrations 20260101000000/20260201000000 keep. */
  listVersion(): Promise<string>;
  /** Rows changed since `since` (everything when undefined), see VmListDelta. */
  listDelta(
    since: string | undefined,
    needsOrder: (rows: VmWithHost[], listed: number) => boolean,
  ): Promise<VmListDelta>;
  /** Finished-write count of an embedded database (see db/write-tracker.ts); undefined for a server. */
  writeGeneration(): number | undefined;
}

type VmItem = ReturnType<typeof toVm>;

/** One VM, encoded at most once per variant; replaced (never changed) when its row changes. */
interface Entry {
  item: VmItem;
  full?: Buffer;
  redacted?: Buffer;
}

interface Built {
  version: string;
  order: Entry[];
  byId: Map<string, Entry>;
  /** Encoded once: writing a 10 MB string to a socket re-encodes it to UTF-8 on every request. */
  full?: Buffer;
  redacted?: Buffer;
}

const HEAD = Buffer.from('{"items":[');
const COMMA = Buffer.from(',');
const TAIL = Buffer.from('],"next_cursor":null}');

const entryOf = (row: VmWithHost): Entry => ({ item: toVm(row) });

/** A new list from an older one and what changed since it; unchanged VMs keep their encoded pieces. */
function apply(base: Built, delta: VmListDelta): Built | undefined {
  const byId = new Map(base.byId);
  for (const row of delta.rows) {
    if (row.state === 'deleting') byId.delete(row.id);
    else byId.set(row.id, entryOf(row));
  }
  if (!delta.order) {
    // Same members in the same order, less those now being deleted.
    const order: Entry[] = [];
    for (const e of base.order) {
      const now = byId.get(e.item.id);
      if (now) order.push(now);
    }
    return { version: delta.version, order, byId };
  }
  // Rows deleted outright (no 'deleting' update first) were in no delta: the order leaves them out.
  const order: Entry[] = [];
  const listed = new Map<string, Entry>();
  for (const id of delta.order) {
    const entry = byId.get(id);
    if (!entry) return undefined; // cannot happen with commit-ordered stamps; re-read all rather than guess
    order.push(entry);
    listed.set(id, entry);
  }
  return { version: delta.version, order, byId: listed };
}

/** Does the delta add or drop a VM? Then the new order has to come from the database. */
function changesMembership(base: Built, rows: VmWithHost[], listed: number): boolean {
  let count = base.byId.size;
  for (const row of rows) {
    const known = base.byId.has(row.id);
    if (row.state === 'deleting') count -= known ? 1 : 0;
    else if (!known) return true;
  }
  // Fewer listed than known: some VM was deleted without passing through 'deleting'.
  return count !== listed;
}

function fullPiece(e: Entry): Buffer {
  e.full ??= Buffer.from(JSON.stringify(e.item));
  return e.full;
}

function redactedPiece(e: Entry, redact: <T>(payload: T) => T): Buffer {
  e.redacted ??= Buffer.from(JSON.stringify(redact(e.item)));
  return e.redacted;
}

/** A list from a complete delta. */
function whole(delta: VmListDelta): Built {
  const order = delta.rows.map(entryOf);
  return { version: delta.version, order, byId: new Map(order.map((e) => [e.item.id, e])) };
}

export function createVmListCache(source: VmListSource, redact: <T>(payload: T) => T) {
  let latest: Built | undefined;
  /** The write count at which `latest` was last proved current (read before that proof's query). */
  let provenAt: number | undefined;
  let building: { version: string; done: Promise<Built> } | undefined;

  const fullDelta = async (delta: VmListDelta) =>
    delta.complete ? delta : source.listDelta(undefined, () => true);

  async function build(generation: number | undefined): Promise<Built> {
    const base = latest;
    const delta = await source.listDelta(base?.version, (rows, listed) =>
      base ? changesMembership(base, rows, listed) : true,
    );
    const built = (base && !delta.complete && apply(base, delta)) || whole(await fullDelta(delta));
    // A slower build of an older version must not replace a newer one.
    if (!latest || BigInt(latest.version) <= BigInt(built.version)) {
      latest = built;
      provenAt = generation;
    }
    return built;
  }

  /** `latest` when it is provably current; otherwise the counter's value, for a rebuild. */
  async function check(): Promise<{ current: Built } | { version: string; generation: number | undefined }> {
    const generation = source.writeGeneration();
    if (latest && generation !== undefined && generation === provenAt) return { current: latest };
    const version = await source.listVersion();
    if (latest?.version === version) {
      provenAt = generation;
      return { current: latest };
    }
    return { version, generation };
  }

  async function current(): Promise<Built> {
    const checked = await check();
    if ('current' in checked) return checked.current;
    const { version, generation } = checked;
    // Callers that saw the same counter share one build (which reads a counter at least as new).
    if (building?.version !== version) {
      const done = build(generation).finally(() => {
        if (building?.done === done) building = undefined;
      });
      building = { version, done };
    }
    return building.done;
  }

  /** `{items, next_cursor: null}` joined from the per-VM pieces (encoding only VMs not yet encoded). */
  function join(built: Built, hidePaths: boolean): Buffer {
    const parts: Buffer[] = [HEAD];
    for (let i = 0; i < built.order.length; i++) {
      const e = built.order[i] as Entry;
      if (i > 0) parts.push(COMMA);
      parts.push(hidePaths ? redactedPiece(e, redact) : fullPiece(e));
    }
    parts.push(TAIL);
    return Buffer.concat(parts);
  }

  return {
    /** The response body: `{items, next_cursor: null}`, with host paths hidden when `hidePaths`. */
    async body(hidePaths: boolean): Promise<Buffer> {
      const built = await current();
      if (hidePaths) {
        built.redacted ??= join(built, true);
        return built.redacted;
      }
      built.full ??= join(built, false);
      return built.full;
    },

    /**
     * One VM from the list while the list is provably current (no query on PGlite while nothing was
     * written; the counter's tiny query on PostgreSQL instead of a joined 27-column row); undefined
     * means "ask the database": a single VM never rebuilds 10,000.
     */
    async item(id: string): Promise<unknown | undefined> {
      if (!latest) return undefined;
      const checked = await check();
      return 'current' in checked ? checked.current.byId.get(id)?.item : undefined;
    },
  };
}

export type VmListCache = ReturnType<typeof createVmListCache>;
