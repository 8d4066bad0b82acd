// `npm run bench [-- --quick]`: runs the benchmark figures and writes bench/results/<time>/report.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareImages } from '@nqvm/guest-image';
import { apiLatencyFigure } from './api-figure.js';
import { bootFigure } from './boot-figure.js';
import { concurrentFigure } from './concurrent-figure.js';
import { createFigure } from './create-figure.js';
import { instantiateFigure } from './instantiate-figure.js';
import { memoryFigure } from './memory-figure.js';
import type { Figure, Report } from './report.js';
import { writeReport } from './report.js';
import { scaleFigure } from './scale-figure.js';
import { snapshotFigure } from './snapshot-figure.js';
import { type BenchStack, startBenchStack } from './stack/bench-stack.js';
import { onBenchExit } from './stack/host-setup.js';

const quick = process.argv.includes('--quick');
/** `--only create,memory`: just these figures (by the names the progress lines print). */
const onlyArg = process.argv[process.argv.indexOf('--only') + 1];
const only = process.argv.includes('--only') && onlyArg ? new Set(onlyArg.split(',')) : undefined;
const runs = quick ? 3 : 7;
// The create figure compares ~3 s TCG boots that vary ±7 % run to run: more rounds in full mode.
const createRounds = quick ? 3 : 11;
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
  // Also on Ctrl-C, which ends the process before the last lines of main() run.
  onBenchExit(() => rmSync(work, { recursive: true, force: true }));
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
  // One manager + agents for every figure that goes through them, started on first use.
  let started: Promise<BenchStack> | undefined;
  const stack = () => {
    started ??= startBenchStack(manifest);
    return started;
  };
  const figures: [string, () => Promise<Figure>][] = [
    ['api', () => apiLatencyFigure(work, quick ? 300 : 2000)],
    ['boot', () => bootFigure(manifest, work, runs)],
    ['snapshot', () => snapshotFigure(manifest, work, runs)],
    [
      'scale',
      () =>
        scaleFigure(work, {
          runs: quick ? 3 : 5,
          listRequests: quick ? 10 : 50,
          getDurationMs: quick ? 3_000 : 10_000,
        }),
    ],
    ['create', async () => createFigure(await stack(), work, createRounds)],
    ['instantiate', async () => instantiateFigure(await stack(), work, runs)],
    ['concurrent', async () => concurrentFigure(await stack(), quick ? 2 : 5, 10)],
    ['memory', async () => memoryFigure(await stack(), 20)],
  ];
  const unknown = [...(only ?? [])].filter((n) => !figures.some(([name]) => name === n));
  if (unknown.length) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(
      `--only: no figure ${unknown.join(', ')} (figures: ${figures.map(([n]) => n).join(', ')})`,
    );
  }
  for (const [name, run] of figures) {
    if (only && !only.has(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    const t0 = performance.now();
    try {
      report.figures.push(await run());
    } catch (err) {
      // One broken figure must not hide the others; the report lists it.
      report.errors.push({ figure: name, message: err instanceof Error ? err.message : String(err) });
    }
    // Quick mode is meant to take minutes: say which figure takes them.
    process.stderr.write(`bench: ${name} took ${Math.round((performance.now() - t0) / 1000)} s\n`);
  }
  if (started) {
    await (await started.catch(() => undefined))
      ?.stop()
      .catch((err: Error) => report.errors.push({ figure: 'stack cleanup', message: err.message }));
  }
  rmSync(work, { recursive: true, force: true });
  for (const f of readdirSync('/dev/shm')) {
    if (f.startsWith(`nqvm-bench-${process.pid}-`)) rmSync(join('/dev/shm', f), { force: true });
  }
  const md = writeReport(report, join(resultsRoot, report.startedAt.replace(/[:.]/g, '-')));
  process.stdout.write(`bench: report written to ${md}\n`);
  process.exitCode = report.errors.length ? 1 : 0;
}

// Exit hooks (namespaces, guests, manager and agent processes) must run on Ctrl-C too.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(130));

await main();
