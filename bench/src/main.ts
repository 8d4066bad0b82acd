// `npm run bench [-- --quick]`: runs the benchmark figures and writes bench/results/<time>/report.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareImages } from '@nqvm/guest-image';
import { apiLatencyFigure } from './api-figure.js';
import { bootFigure } from './boot-figure.js';
import type { Figure, Report } from './report.js';
import { writeReport } from './report.js';
import { snapshotFigure } from './snapshot-figure.js';

const quick = process.argv.includes('--quick');
const runs = quick ? 3 : 7;
const resultsRoot = fileURLToPath(new URL('../results/', import.meta.url));

function qemuVersion(): string {
  try {
    return execFileSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  } catch {
    return 'QEMU not found';
  }
}

async function main(): Promise<void> {
  const { manifest } = await prepareImages({ onProgress: (l) => process.stderr.write(`${l}\n`) });
  const work = mkdtempSync(join(tmpdir(), 'nqvm-bench-'));
  const report: Report = {
    startedAt: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: {
      cpus: cpus().length,
      memGiB: Math.round(totalmem() / 2 ** 30),
      accel: process.env.NQVM_ACCEL ?? 'auto',
      qemu: qemuVersion(),
      node: process.versions.node,
    },
    figures: [],
    errors: [],
  };
  const figures: [string, () => Promise<Figure>][] = [
    ['api', () => apiLatencyFigure(work, quick ? 300 : 2000)],
    ['boot', () => bootFigure(manifest, work, runs)],
    ['snapshot', () => snapshotFigure(manifest, work, runs)],
  ];
  for (const [name, run] of figures) {
    process.stderr.write(`bench: ${name}…\n`);
    try {
      report.figures.push(await run());
    } catch (err) {
      // One broken figure must not hide the others; the report lists it.
      report.errors.push({ figure: name, message: err instanceof Error ? err.message : String(err) });
    }
  }
  rmSync(work, { recursive: true, force: true });
  for (const f of readdirSync('/dev/shm')) {
    if (f.startsWith(`nqvm-bench-${process.pid}-`)) rmSync(join('/dev/shm', f), { force: true });
  }
  const md = writeReport(report, join(resultsRoot, report.startedAt.replace(/[:.]/g, '-')));
  process.stdout.write(`bench: report written to ${md}\n`);
  process.exitCode = report.errors.length ? 1 : 0;
}

await main();
