// Server side of /api/proxy: forwards a browser request to the manager, adding nothing but the
// Authorization header the browser sent, and streams the answer back (SSE and uploads included).

export const DEFAULT_MANAGER_URL = 'http://127.0.0.1:18080';

export function managerUrl(): string {
  return (process.env.MANAGER_URL?.trim() || DEFAULT_MANAGER_URL).replace(/\/+$/, '');
}

/** Only what describes the body or identifies the user; no cookies, no forwarded-for headers. */
const REQUEST_HEADERS = ['authorization', 'content-type', 'content-length', 'accept', 'last-event-id'];
/** The body is re-streamed by us, so its transfer framing and encoding must not be copied. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
]);

export function forwardHeaders(incoming: Headers): Headers {
  const out = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) out.set(name, value);
  }
  return out;
}

export function unreachable(target: string, err: unknown): Response {
  const cause =
    err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
  return Response.json(
    {
      error: 'Manager unreachable',
      suggestion: 'Start the manager (bin/nqvm up) or point MANAGER_URL at it, then retry',
      fault_message: `${target}: ${cause}`,
    },
    { status: 502 },
  );
}

export async function forward(req: Request, upstreamPath: string): Promise<Response> {
  const search = new URL(req.url).search;
  const target = `${managerUrl()}${upstreamPath}${search}`;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let res: Response;
  try {
    res = await fetch(target, {
      method: req.method,
      headers: forwardHeaders(req.headers),
      body: hasBody ? req.body : undefined,
      redirect: 'manual',
      cache: 'no-store',
      signal: req.signal,
      // Node's fetch needs this to stream a request body (image uploads) instead of buffering it.
      ...(hasBody ? { duplex: 'half' } : {}),
    } as RequestInit);
  } catch (err) {
    return unreachable(managerUrl(), err);
  }
  const headers = new Headers();
  res.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) headers.set(name, value);
  });
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}
