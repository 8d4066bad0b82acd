// A small horizontal bar chart as SVG: median bars with min–max whiskers, no dependencies.
import type { Row } from './report.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function barChartSvg(title: string, unit: string, rows: Row[]): string {
  const labelW = 360;
  const plotW = 420;
  const rowH = 34;
  const top = 40;
  const height = top + rows.length * rowH + 30;
  const max = Math.max(...rows.map((r) => r.summary.max), ...rows.map((r) => r.target ?? 0)) || 1;
  const x = (v: number) => labelW + (v / max) * plotW;
  const bars = rows.map((r, i) => {
    const y = top + i * rowH;
    const s = r.summary;
    const target =
      r.target === undefined
        ? ''
        : `<line x1="${x(r.target)}" x2="${x(r.target)}" y1="${y}" y2="${y + 22}" stroke="#c00" stroke-dasharray="3,2"/>`;
    return [
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(r.label)}</text>`,
      `<rect x="${labelW}" y="${y + 3}" width="${x(s.median) - labelW}" height="16" fill="#4a7bd0"/>`,
      `<line x1="${x(s.min)}" x2="${x(s.max)}" y1="${y + 11}" y2="${y + 11}" stroke="#222"/>`,
      target,
      `<text x="${x(s.max) + 6}" y="${y + 15}">${s.median.toFixed(s.median < 10 ? 2 : 0)} ${esc(unit)}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + plotW + 120}" height="${height}" font-family="sans-serif" font-size="12">
<text x="10" y="22" font-size="14" font-weight="bold">${esc(title)}</text>
${bars.join('\n')}
</svg>
`;
}
