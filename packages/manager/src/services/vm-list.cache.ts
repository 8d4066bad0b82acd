// The whole VM list (GET /v1/vms without paging) as ready JSON, kept per VM: while the database's change
// counter stands still nothing is read; after a change only the rows stamped since are re-read, mapped
// and encoded, and the body is re-joined from kept encodings (vm-list.body.ts; a re-read and re-encode
// of every row cost ~0.5 s with 10,000 VMs). Never stale: counter and rows come from one snapshot, and stamps
// are handed out in commit order (migration 20260201000000). On an embedded database (PGlite) an
// unchanged write count even spares the counter's query. Single VMs (GET /v1/vms/{id}) are answered
// from the same list while it is known to be current.
import type { VmWithHost } from '../repositories/vm.repository.js';
import type { VmListDelta } from '../repositories/vm-list.repository.js';
import { applyDelta, bodyOf, changesMembership, itemOf, type VmList, wholeList } from './vm-list.body.js';

export interface VmListSource {
  /** The counter the triggers of migrations 20260101000000/20260201000000 keep. */
  listVersion(): Promise<string>;
  /** Rows changed since `since` (everything when undefined), see VmListDelta. */
  listDelta(
    since: string | undefined,
    needsOrder: (rows: VmWithHost[], deleted: boolean) => boolean,
  ): Promise<VmListDelta>;
  /** Finished-write count of an embedded database (see db/write-tracker.ts); undefined for a server. */
  writeGeneration(): number | undefined;
}

export function createVmListCache(source: VmListSource, redact: <T>(payload: T) => T) {
  let latest: VmList | undefined;
  /** The write count at which `latest` was last proved current (read before that proof's query). */
  let provenAt: number | undefined;
  let building: { version: string; done: Promise<VmList> } | undefined;

  const fullDelta = async (delta: VmListDelta) =>
    delta.complete ? delta : source.listDelta(undefined, () => true);

  async function build(generation: number | undefined): Promise<VmList> {
    const base = latest;
    const delta = await source.listDelta(base?.version, (rows, deleted) =>
      base ? changesMembership(base, rows, deleted) : true,
    );
    const built = (base && !delta.complete && applyDelta(base, delta)) || wholeList(await fullDelta(delta));
    // A slower build of an older version must not replace a newer one.
    if (!latest || BigInt(latest.version) <= BigInt(built.version)) {
      latest = built;
      provenAt = generation;
    }
    return built;
  }

  /** `latest` when it is provably current; otherwise the counter's value, for a rebuild. */
  async function check(): Promise<{ current: VmList } | { version: string; generation: number | undefined }> {
    const generation = source.writeGeneration();
    if (latest && generation !== undefined && generation === provenAt) return { current: latest };
    const version = await source.listVersion();
    if (latest?.version === version) {
      provenAt = generation;
      return { current: latest };
    }
    return { version, generation };
  }

  async function current(): Promise<VmList> {
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

  return {
    /** The response body: `{items, next_cursor: null}`, with host paths hidden when `hidePaths`. */
    async body(hidePaths: boolean): Promise<Buffer> {
      return bodyOf(await current(), hidePaths ? redact : undefined);
    },

    /**
     * One VM from the list while the list is provably current (no query on PGlite while nothing was
     * written; the counter's tiny query on PostgreSQL instead of a joined 27-column row); undefined
     * means "ask the database": a single VM never rebuilds 10,000.
     */
    async item(id: string): Promise<unknown | undefined> {
      if (!latest) return undefined;
      const checked = await check();
      return 'current' in checked ? itemOf(checked.current, id) : undefined;
    },
  };
}

export type VmListCache = ReturnType<typeof createVmListCache>;
