// The whole VM list (GET /v1/vms without paging) as ready JSON, rebuilt only when the database's change
// counter moved: one tiny query per request instead of 10,000 rows read, mapped and serialized.
// Never stale: the counter is read before the rows, and any write after that moves it again. On an
// embedded database (PGlite) an unchanged write count even spares that query. Single VMs
// (GET /v1/vms/{id}) are answered from the same list while it is known to be current.
export interface VmListSource {
  /** The counter the triggers of migration 20260101000000 keep. */
  listVersion(): Promise<string>;
  /** Every VM as the API shows it (all pages). */
  listAll(): Promise<{ items: Array<{ id: string }> }>;
  /** Finished-write count of an embedded database (see db/write-tracker.ts); undefined for a server. */
  writeGeneration(): number | undefined;
}

interface Built {
  version: string;
  items: Array<{ id: string }>;
  byId: Map<string, { id: string }>;
  /** Encoded once: writing a 10 MB string to a socket re-encodes it to UTF-8 on every request. */
  full?: Buffer;
  redacted?: Buffer;
}

export function createVmListCache(source: VmListSource, redact: <T>(payload: T) => T) {
  let latest: Built | undefined;
  /** The write count at which `latest` was last proved current (read before that proof's query). */
  let provenAt: number | undefined;
  let building: { version: string; done: Promise<Built> } | undefined;

  async function build(version: string, generation: number | undefined): Promise<Built> {
    const { items } = await source.listAll();
    const built: Built = { version, items, byId: new Map(items.map((vm) => [vm.id, vm])) };
    // A slower build of an older version must not replace a newer one.
    if (!latest || BigInt(latest.version) <= BigInt(version)) {
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
    // Callers that read the same version share one build; a newer version waits for its own.
    if (building?.version !== version) {
      const done = build(version, generation).finally(() => {
        if (building?.done === done) building = undefined;
      });
      building = { version, done };
    }
    return building.done;
  }

  return {
    /** The response body: `{items, next_cursor: null}`, with host paths hidden when `hidePaths`. */
    async body(hidePaths: boolean): Promise<Buffer> {
      const built = await current();
      if (hidePaths) {
        built.redacted ??= Buffer.from(JSON.stringify({ items: redact(built.items), next_cursor: null }));
        return built.redacted;
      }
      built.full ??= Buffer.from(JSON.stringify({ items: built.items, next_cursor: null }));
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
      return 'current' in checked ? checked.current.byId.get(id) : undefined;
    },
  };
}

export type VmListCache = ReturnType<typeof createVmListCache>;
