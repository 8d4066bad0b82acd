// `nqvm up`: prepares images, checks the host, then runs manager + local agent (+ web) under a supervisor.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir } from '@nqvm/core';
import { doctorCommand } from '../doctor/doctor-command.js';
import { imagesCommand } from '../images-command.js';
import { type ChildSpec, supervise } from './supervisor.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const nqvmBin = join(repoRoot, 'bin', 'nqvm');

/** The token the local agent joins with; kept in the data dir so restarts reuse it. */
function joinToken(dir: string): string {
  if (process.env.NQVM_JOIN_TOKEN) return process.env.NQVM_JOIN_TOKEN;
  const file = join(dir, 'join-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** The web UI runs only once it has been built (`npm run build` builds it). */
function webChild(managerUrl: string): ChildSpec | null {
  const web = join(repoRoot, 'packages', 'web');
  if (!existsSync(join(web, '.next', 'BUILD_ID'))) return null;
  const port = process.env.WEB_PORT ?? '3000';
  return {
    name: 'web',
    command: join(repoRoot, 'node_modules', '.bin', 'next'),
    args: ['start', web, '-p', port],
    env: { MANAGER_URL: managerUrl, NEXT_TELEMETRY_DISABLED: '1' },
  };
}

export async function upCommand(argv: string[]): Promise<number> {
  const noWeb = argv.includes('--no-web');
  const prepared = await imagesCommand(['prepare']);
  if (prepared !== 0) return prepared;
  await doctorCommand([]);

  const dir = dataDir();
  const managerPort = process.env.MANAGER_PORT ?? '18080';
  const managerUrl = `http://127.0.0.1:${managerPort}`;
  const shared = { NQVM_DATA_DIR: dir, NQVM_JOIN_TOKEN: joinToken(dir) };
  const children: ChildSpec[] = [
    { name: 'manager', command: process.execPath, args: [nqvmBin, 'manager'], env: shared },
    {
      name: 'agent',
      command: process.execPath,
      args: [nqvmBin, 'agent'],
      env: { ...shared, NQVM_MANAGER_URL: managerUrl },
    },
  ];
  const web = noWeb ? null : webChild(managerUrl);
  if (web) children.push(web);
  else if (!noWeb)
    process.stderr.write('nqvm up: web UI not built; run `npm run build` (starting without it)\n');

  const sup = supervise(children, {
    onStart: (name, pid, attempt) =>
      process.stderr.write(
        `nqvm up: ${name} started (pid ${pid}${attempt > 1 ? `, restart ${attempt - 1}` : ''})\n`,
      ),
    onExit: (name, code, signal, willRestart) =>
      process.stderr.write(
        `nqvm up: ${name} exited (${signal ?? `code ${code}`})${willRestart ? ', restarting' : ''}\n`,
      ),
  });
  process.stdout.write(
    `\nnqvm is up: API ${managerUrl}/v1 (reference at ${managerUrl}/docs)` +
      `${web ? `, web UI http://127.0.0.1:${process.env.WEB_PORT ?? '3000'}` : ''}\n` +
      `admin token: ${join(dir, 'admin-token')} (or NQVM_ADMIN_TOKEN). Ctrl-C stops everything.\n\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('nqvm up: stopping…\n');
  await sup.stop();
  return 0;
}
