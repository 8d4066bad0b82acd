// Test helpers: a manager over PGlite or real PostgreSQL, a registered fake agent, authed inject.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PostgresServer, startPostgres } from '@nqvm/testkit';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildManager, type ManagerOptions } from '../app.js';
import { type FakeAgent, startFakeAgent } from './fake-agent.js';

const RAISED = { perMinute: 100_000, burst: 100_000 };
export const RAISED_RATE_LIMITS = {
  vm_create: RAISED,
  vm_state: RAISED,
  snapshot: RAISED,
  image_upload: RAISED,
  login: RAISED,
};

export type DbKind = 'pglite' | 'postgres';
export const DB_KINDS: DbKind[] = ['pglite', 'postgres'];

export const ADMIN_TOKEN = 'test-admin-token';
export const JOIN_TOKEN = 'test-join-token';

export interface TestDb {
  kind: DbKind;
  /** Options that point a manager at a fresh database of this kind. */
  options(): Promise<Pick<ManagerOptions, 'databaseUrl' | 'inMemoryDb'>>;
}

/**
 * `describe.each` over both databases. The PostgreSQL server is started once per file
 * and removed afterwards; every manager gets its own fresh database in it.
 */
export function describeEachDatabase(name: string, fn: (db: TestDb) => void): void {
  describe.each(DB_KINDS)(`${name} [%s]`, (kind) => {
    let server: PostgresServer | undefined;
    beforeAll(async () => {
      if (kind === 'postgres') server = await startPostgres();
    });
    afterAll(async () => {
      await server?.stop();
    });
    fn({
      kind,
      async options() {
        if (kind === 'pglite') return { inMemoryDb: true };
        if (!server) throw new Error('postgres harness not started');
        return { databaseUrl: await server.createDatabase() };
      },
    });
  });
}

export interface TestManager {
  app: FastifyInstance;
  dataDir: string;
  imageRoot: string;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestManager(db: TestDb, options: ManagerOptions = {}): Promise<TestManager> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nqvm-manager-'));
  const imageRoot = join(dataDir, 'image-root');
  mkdirSync(imageRoot, { recursive: true });
  const app = await buildManager({
    dataDir,
    imageRoot,
    adminToken: ADMIN_TOKEN,
    joinToken: JOIN_TOKEN,
    logLevel: false,
    reconcileIntervalMs: 0,
    metricsIntervalMs: 0,
    // Route tests make many calls in a row; rate-limit.test.ts runs the spec's defaults.
    rateLimits: RAISED_RATE_LIMITS,
    ...(await db.options()),
    ...options,
  });
  await app.ready();
  return {
    app,
    dataDir,
    imageRoot,
    inject: (opts) =>
      app.inject({ ...opts, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(opts.headers ?? {}) } }),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Registers a fake agent as a host the way a real agent would, and sends one heartbeat. */
export async function registerFakeHost(
  app: FastifyInstance,
  agent?: FakeAgent,
): Promise<{ agent: FakeAgent; hostId: string }> {
  const fake = agent ?? (await startFakeAgent());
  const reg = await app.inject({
    method: 'POST',
    url: '/v1/agent/register',
    payload: {
      join_token: JOIN_TOKEN,
      hostname: `fake-${fake.port}`,
      addr: '127.0.0.1',
      port: fake.port,
      accel: 'tcg',
      capacity: { vcpus: 4, mem_mib: 4096, disk_bytes: 1e10 },
    },
  });
  if (reg.statusCode !== 200) throw new Error(`register failed: ${reg.body}`);
  const { host_id, credential } = reg.json() as { host_id: string; credential: string };
  fake.credential = credential;
  await heartbeat(app, fake, host_id);
  return { agent: fake, hostId: host_id };
}

export async function heartbeat(app: FastifyInstance, agent: FakeAgent, hostId: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/agent/heartbeat',
    headers: { authorization: `Bearer ${agent.credential}` },
    payload: {
      host_id: hostId,
      capacity: { vcpus: 4, mem_mib: 4096, disk_bytes: 1e10 },
      usage: { vcpus: 0, mem_mib: 0, disk_bytes: 0, running_vms: 0 },
      vms: [...agent.vms.values()].map((v) => ({ id: v.id, state: v.state })),
    },
  });
  if (res.statusCode !== 200) throw new Error(`heartbeat failed: ${res.body}`);
}

/** An API token of `role`, minted with the static admin token. */
export async function tokenFor(m: TestManager, role: 'viewer' | 'operator' | 'admin'): Promise<string> {
  const res = await m.inject({ method: 'POST', url: '/v1/tokens', payload: { name: `t-${role}`, role } });
  if (res.statusCode !== 200) throw new Error(`token failed: ${res.body}`);
  return (res.json() as { token: string }).token;
}
