// The benchmark report: figures as Markdown tables with SVG charts, and the raw numbers as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from './stats.js';
import { barChartSvg } from './svg-chart.js';

export interface Row {
  label: string;
  summary: Summary;
  /** The figure's goal (same unit); the report marks a median over it. */
  target?: number;
  /** When this row's unit differs from its figure's (e.g. a ratio among milliseconds). */
  unit?: string;
}

export interface Figure {
  id: string;
  title: string;
  unit: string;
  rows: Row[];
  /** A ratio against the plain hypervisor, measured alternately in the same run. */
  ratio?: Row;
  extra?: Row[];
  notes?: string[];
}

export interface Report {
  startedAt: string;
  mode: 'quick' | 'full';
  machine: { cpus: number; memGiB: number; accel: string; qemu: string; node: string };
  figures: Figure[];
  errors: { figure: string; message: string }[];
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3));

function rowLine(r: Row, unit: string): string {
  const s = r.summary;
  const verdict =
    r.target === undefined ? '' : s.median <= r.target ? `✅ ≤ ${r.target}` : `❌ > ${r.target}`;
  return `| ${r.label} | ${fmt(s.median)} ${unit} | ${fmt(s.min)} – ${fmt(s.max)} | ${fmt(s.p99)} | ${s.n} | ${verdict} |`;
}

export function renderMarkdown(report: Report, chartFiles: Record<string, string>): string {
  const m = report.machine;
  const out = [
    `# nqvm benchmark report (${report.mode})`,
    '',
    `${report.startedAt} · ${m.cpus} CPUs, ${m.memGiB} GiB · accel ${m.accel} · ${m.qemu} · Node ${m.node}`,
    '',
    'Each figure is a median over several runs with min–max; each ratio is the median of per-pair ratios,',
    'the two sides run alternately in this same run.',
  ];
  for (const f of report.figures) {
    out.push(
      '',
      `## ${f.title}`,
      '',
      '| measurement | median | min – max | p99 | n | target |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const r of [...f.rows, ...(f.extra ?? [])]) out.push(rowLine(r, r.unit ?? f.unit));
    if (f.ratio) out.push(rowLine(f.ratio, '×'));
    if (chartFiles[f.id]) out.push('', `![${f.title}](${chartFiles[f.id]})`);
    for (const n of f.notes ?? []) out.push('', n);
  }
  if (report.errors.length) {
    out.push('', '## Figures that could not be measured', '');
    for (const e of report.errors) out.push(`- **${e.figure}**: ${e.message}`);
  }
  return `${out.join('\n')}\n`;
}

/** Writes `<dir>/report.md`, `report.json` and one SVG per figure; returns the Markdown path. */
export function writeReport(report: Report, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const charts: Record<string, string> = {};
  for (const f of report.figures) {
    const file = `${f.id}.svg`;
    writeFileSync(join(dir, file), barChartSvg(f.title, f.unit, f.rows));
    charts[f.id] = file;
  }
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = join(dir, 'report.md');
  writeFileSync(md, renderMarkdown(report, charts));
  return md;
}
