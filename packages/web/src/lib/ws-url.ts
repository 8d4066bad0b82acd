// Where the terminal's WebSocket goes: straight to the manager, never through the Next server.

/** Settings override, then NEXT_PUBLIC_WS_BASE_URL, then this page's host on the manager's port 18080. */
export function wsBaseUrl(
  override: string | undefined,
  loc: Pick<Location, 'protocol' | 'hostname'>,
): string {
  const configured = override?.trim() || process.env.NEXT_PUBLIC_WS_BASE_URL?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const host = loc.hostname.includes(':') ? `[${loc.hostname}]` : loc.hostname;
  return `${scheme}//${host}:18080`;
}

/**
 * Browsers can't set headers on a WebSocket, so the socket carries a single-use ticket
 * (POST /v1/tickets) as ?ticket=, never the token itself (a secret in a URL lands in logs).
 */
export function shellWsUrl(base: string, vmId: string, ticket: string | null): string {
  const url = `${base}/v1/vms/${encodeURIComponent(vmId)}/shell/ws`;
  return ticket ? `${url}?ticket=${encodeURIComponent(ticket)}` : url;
}

/** The manager's own address as the browser sees it (for links such as the API reference at /docs). */
export function managerPublicUrl(
  override: string | undefined,
  loc: Pick<Location, 'protocol' | 'hostname'>,
): string {
  return wsBaseUrl(override, loc).replace(/^ws(s?):/, 'http$1:');
}
