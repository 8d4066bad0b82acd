// `nqvm up`: prepares images, checks the host, then runs manager + local agent (+ web) under a supervisor;
// `--tls` (or NQVM_TLS=1) puts the agent → manager link on https with the CA pinned (up-children.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDir } from '@nqvm/core';
import { loadOrCreateAgentCa } from '@nqvm/manager';
import { doctorCommand } from '../doctor/doctor-command.js';
import { imagesCommand } from '../images-command.js';
import { supervise } from './supervisor.js';
import { agentTlsPortOf, managerUrlOf, tlsRequested, upChildren } from './up-children.js';

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
function builtWeb(): { next: string; dir: string } | undefined {
  const dir = join(repoRoot, 'packages', 'web');
  if (!existsSync(join(dir, '.next', 'BUILD_ID'))) return undefined;
  return { next: join(repoRoot, 'node_modules', '.bin', 'next'), dir };
}

export async function upCommand(argv: string[]): Promise<number> {
  const noWeb = argv.includes('--no-web');
  const prepared = await imagesCommand(['prepare']);
  if (prepared !== 0) return prepared;
  await doctorCommand([]);

  const dir = dataDir();
  const managerUrl = managerUrlOf(process.env);
  // --tls: the CA is made now (the manager loads the same files) so the local agent can pin it from the start.
  const caPin = tlsRequested(argv, process.env) ? (await loadOrCreateAgentCa(dir)).fingerprint : undefined;
  const web = noWeb ? undefined : builtWeb();
  const children = upChildren({
    dataDir: dir,
    joinToken: joinToken(dir),
    nqvmBin,
    nodePath: process.execPath,
    env: process.env,
    ...(caPin ? { caPin } : {}),
    ...(web ? { web } : {}),
  });
  if (!web && !noWeb)
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
      `${caPin ? `agents: https on port ${agentTlsPortOf(process.env)}, CA pin ${caPin} (NQVM_MANAGER_CA_SHA256 for more agents)\n` : ''}` +
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
