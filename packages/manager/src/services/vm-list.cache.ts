// The whole VM list (GET /v1/vms without paging) as ready JSON, rebuilt only when the database's change
// counter moved: one tiny query per request instead of 10,000 rows read, mapped and serialized.
// Never stale: the counter is read before the rows, and any write after that moves it again.
export interface VmListSource {
  /** The counter the triggers of migration 20260101000000 keep. */
  listVersion(): Promise<string>;
  /** Every VM as the API shows it (all pages). */
  listAll(): Promise<{ items: unknown[] }>;
}

interface Built {
  version: string;
  items: unknown[];
  full?: string;
  redacted?: string;
}

export function createVmListCache(source: VmListSource, redact: <T>(payload: T) => T) {
  let latest: Built | undefined;
  let building: { version: string; done: Promise<Built> } | undefined;

  async function build(version: string): Promise<Built> {
    const { items } = await source.listAll();
    const built: Built = { version, items };
    // A slower build of an older version must not replace a newer one.
    if (!latest || BigInt(latest.version) <= BigInt(version)) latest = built;
    return built;
  }

  async function current(): Promise<Built> {
    const version = await source.listVersion();
    if (latest?.version === version) return latest;
    // Callers that read the same version share one build; a newer version waits for its own.
    if (building?.version !== version) {
      const done = build(version).finally(() => {
        if (building?.done === done) building = undefined;
      });
      building = { version, done };
    }
    return building.done;
  }

  return {
    /** The response body: `{items, next_cursor: null}`, with host paths hidden when `hidePaths`. */
    async body(hidePaths: boolean): Promise<string> {
      const built = await current();
      if (hidePaths) {
        built.redacted ??= JSON.stringify({ items: redact(built.items), next_cursor: null });
        return built.redacted;
      }
      built.full ??= JSON.stringify({ items: built.items, next_cursor: null });
      return built.full;
    },
  };
}

export type VmListCache = ReturnType<typeof createVmListCache>;
