// Aligned plain-text tables for terminal output; colour codes don't count towards column widths.

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\x1b\[[0-9;]*m/g;

export const visibleLength = (s: string): number => s.replace(ANSI, '').length;

const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - visibleLength(s)));

export function formatTable(headers: string[], rows: string[][], options: { rule?: boolean } = {}): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = options.rule ?? true;
  return [line(headers), ...(rule ? [line(widths.map((w) => '-'.repeat(w)))] : []), ...rows.map(line)].join(
    '\n',
  );
}
