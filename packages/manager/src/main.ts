// Process entry points: startManager() from the environment, runManagerCommand() for `nqvm manager`.
import type { FastifyInstance } from 'fastify';
import { buildManager, type ManagerOptions } from './app.js';
import { configFromEnv, managerPort } from './config.js';

export interface StartOptions extends ManagerOptions {
  port?: number;
  host?: string;
  env?: NodeJS.ProcessEnv;
}

/** Builds the manager from env (see README), listens, and prints a generated admin token once. */
export async function startManager(options: StartOptions = {}): Promise<FastifyInstance> {
  const env = options.env ?? process.env;
  const { port = managerPort(env), host = env.MANAGER_HOST ?? '0.0.0.0', env: _env, ...rest } = options;
  const app = await buildManager({ ...configFromEnv(env), ...rest });
  if (app.manager.adminTokenCreated) {
    // Printed once, on the start that created it; afterwards it is only in the file.
    process.stdout.write(
      `nqvm manager: admin token (also in ${app.manager.adminTokenPath}):\n  ${app.manager.adminToken}\n`,
    );
  }
  const first = app.manager.initialAdmin;
  if (first) {
    process.stdout.write(
      `nqvm manager: first admin user '${first.username}', password (also in ${first.path}):\n  ${first.password}\n`,
    );
  }
  await app.listen({ port, host });
  const agents = app.manager.agentListener;
  if (agents) {
    try {
      const agentPort = await agents.listen(app.manager.config.agentTlsPort, host);
      // What whoever starts an agent needs: the URL to use and the CA pin (also in <dataDir>/tls/ca.sha256).
      process.stdout.write(
        `nqvm manager: agents join over https on port ${agentPort} with NQVM_MANAGER_CA_SHA256=${agents.fingerprint}\n`,
      );
    } catch (err) {
      await app.close();
      throw err;
    }
  }
  return app;
}

const USAGE = `usage: nqvm manager [--port N] [--host ADDR]

Runs the nqvm manager (REST API on MANAGER_PORT, default 18080).
Environment: MANAGER_PORT, DATABASE_URL, NQVM_DATA_DIR, NQVM_ADMIN_TOKEN, NQVM_JOIN_TOKEN,
MANAGER_IMAGE_ROOT, MANAGER_ALLOW_IMAGE_PATHS, MANAGER_ENABLE_METRICS, MANAGER_MAX_IMAGE_BYTES,
MANAGER_RATE_LIMITS, MANAGER_BODY_LIMIT_BYTES, MANAGER_SESSION_TTL_SECONDS, MANAGER_TICKET_TTL_SECONDS,
MANAGER_AGENT_TLS (agents over https on MANAGER_AGENT_TLS_PORT, default 18443), MANAGER_TLS_SAN.
`;

/** `bin/nqvm manager ...`: returns the exit code; keeps running until SIGINT/SIGTERM. */
export async function runManagerCommand(argv: readonly string[]): Promise<number> {
  const options: StartOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--host') options.host = String(argv[++i]);
    else {
      process.stderr.write(`nqvm manager: unknown argument '${arg}'\n${USAGE}`);
      return 2;
    }
  }
  if (options.port !== undefined && !Number.isInteger(options.port)) {
    process.stderr.write('nqvm manager: --port needs a number\n');
    return 2;
  }
  const app = await startManager(options);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  return 0;
}
