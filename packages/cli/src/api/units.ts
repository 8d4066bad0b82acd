// Human units both ways: sizes ("1G"), memory ("512M"), rates ("10Mbps"), durations ("2s"), ages ("3m ago").

const BINARY: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "1G", "512M", "1.5GiB", "4096" (bytes) → bytes. Sizes are binary, like dd and qemu-img. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (!m) return undefined;
  const factor = BINARY[(m[2] ?? '').toLowerCase()] ?? 1;
  return Math.round(Number(m[1]) * factor);
}

/** Memory for a VM: a bare number is MiB (like the API's mem_mib); "1G" is 1024 MiB. */
export function parseMemMib(text: string): number | undefined {
  if (/^\d+$/.test(text.trim())) return Number(text);
  const bytes = parseSize(text);
  return bytes === undefined ? undefined : Math.round(bytes / 1024 ** 2);
}

const DECIMAL: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9 };

/**
 * A bandwidth in bytes per second: "10Mbps"/"10Mbit" are bits (decimal, like network links),
 * "10MB/s" or "10MBps" are bytes, "1MiB/s" binary bytes.
 */
export function parseRate(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(i?)(bps|bit|bit\/s|b\/s|bps)?$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const prefix = (m[2] ?? '').toLowerCase();
  const factor = m[3] ? (BINARY[prefix] ?? 1) : (DECIMAL[prefix] ?? 1);
  const unit = m[4] ?? '';
  // Lower-case b is bits (Mbps, Mbit); upper-case B is bytes (MBps, MB/s); bare numbers are bytes.
  const bits = /^bit/i.test(unit) || unit.startsWith('b');
  return Math.round((n * factor) / (bits ? 8 : 1));
}

/** "2s", "500ms", "1m", "1h", "30d", "1.5" (seconds) → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) return undefined;
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 's'] ?? 1000;
  return Math.round(Number(m[1]) * factor);
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`;
}

/** Bytes per second as a network person reads it (decimal bits). */
export function formatRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e9) return `${+(bits / 1e9).toFixed(2)}Gbps`;
  if (bits >= 1e6) return `${+(bits / 1e6).toFixed(2)}Mbps`;
  if (bits >= 1e3) return `${+(bits / 1e3).toFixed(2)}kbps`;
  return `${bits}bps`;
}

export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) return '-';
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const text =
    s < 5
      ? 'just now'
      : s < 60
        ? `${s}s`
        : s < 3600
          ? `${Math.floor(s / 60)}m`
          : s < 86_400
            ? `${Math.floor(s / 3600)}h`
            : `${Math.floor(s / 86_400)}d`;
  if (text === 'just now') return text;
  return future ? `in ${text}` : `${text} ago`;
}
