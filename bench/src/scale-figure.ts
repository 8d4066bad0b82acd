// Figure (issue 9, figure 4): the manager API with 10,000 VMs recorded, on PGlite and on PostgreSQL:
// GET /v1/vms (all of them) p50/p99, GET /v1/vms/{id} p99 and requests per second.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { startPostgres } from '@nqvm/testkit';
import pg from 'pg';
import type { Figure, Row } from './report.js';
import { type FakeAgents, startFakeAgents } from './scale-agents.js';
import type { LoadResult } from './scale-load.js';
import { runLoad } from './scale-loader.js';
import { type ManagerProcess, type ManagerStart, startManagerProcess } from './scale-manager.js';
import { callJson } from './scale-net.js';
import { type SeedPlan, type SqlExec, seedScaleData } from './scale-seed.js';
import { summarize } from './stats.js';

export const SCALE_VMS = 10_000;
const HOSTS = 8;
/** Dashboards and scripts polling single VMs: enough in flight to keep the manager busy. */
const GET_CONCURRENCY = 16;
const TARGETS = { listP99Ms: 50, getP99Ms: 20, getReqPerSec: 3_000 };

export interface ScaleOptions {
  runs: number;
  listRequests: number;
  getDurationMs: number;
  /** Extra node flags for the manager process (`--cpu-prof` while profiling). */
  managerNodeArgs?: string[];
}

type Db = 'PGlite' | 'PostgreSQL';

interface Measured {
  list: LoadResult[];
  get: LoadResult[];
  /** GET /v1/vms right after a VM changed (a stop through the API): the list is re-read. */
  afterChange: number[];
}

async function seed(db: Db, start: ManagerStart, agents: FakeAgents): Promise<SeedPlan> {
  if (db === 'PostgreSQL') {
    const client = new pg.Client({ connectionString: start.databaseUrl });
    await client.connect();
    try {
      return await seedScaleData((sql, p) => client.query(sql, p), agents.hosts, SCALE_VMS, true);
    } finally {
      await client.end();
    }
  }
  // PGlite is single-process: the manager is stopped while the bench writes its data directory.
  const lite = new PGlite(join(start.dataDir, 'db'));
  try {
    const exec: SqlExec = (sql, p) => lite.query(sql, p);
    return await seedScaleData(exec, agents.hosts, SCALE_VMS, false);
  } finally {
    await lite.close();
  }
}

/** A viewer's own API token, made the way a user would: user → login → POST /v1/tokens. */
async function viewerToken(m: ManagerProcess, adminToken: string): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  await callJson(m.url, 'POST', '/v1/users', adminToken, {
    username: 'bench-viewer',
    password,
    role: 'viewer',
  });
  const session = await callJson<{ token: string }>(m.url, 'POST', '/v1/auth/login', undefined, {
    username: 'bench-viewer',
    password,
  });
  const api = await callJson<{ token: string }>(m.url, 'POST', '/v1/tokens', session.token, {
    name: 'bench',
  });
  return api.token;
}

function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Progress on stderr, like the other figures' `bench:` lines: a slow step should say which it is. */
const step = (db: Db, what: string) => process.stderr.write(`bench: scale ${db}: ${what}\n`);

async function measure(db: Db, dir: string, options: ScaleOptions): Promise<Measured> {
  const work = join(dir, `scale-${db.toLowerCase()}`);
  mkdirSync(work, { recursive: true });
  const postgres = db === 'PostgreSQL' ? await startPostgres({ durable: true }) : undefined;
  const agents = await startFakeAgents(HOSTS);
  const start: ManagerStart = {
    dataDir: work,
    adminToken: randomBytes(32).toString('base64url'),
    joinToken: randomBytes(32).toString('base64url'),
    logFile: join(work, 'manager.log'),
    ...(postgres ? { databaseUrl: postgres.adminUrl } : {}),
  };
  let manager: ManagerProcess | undefined;
  try {
    step(db, 'first start (schema, first admin)');
    // 1. A first start creates the schema (the manager's own migrations) and the first admin.
    manager = await startManagerProcess(start);
    await manager.stop();
    // 2. 10,000 VMs straight into the database, then the manager again, as after a restart.
    step(db, `seeding ${SCALE_VMS} VMs`);
    const plan = await seed(db, start, agents);
    agents.serve(plan);
    manager = await startManagerProcess({ ...start, nodeArgs: options.managerNodeArgs ?? [] });
    agents.heartbeat(manager.url);
    step(db, 'manager started; viewer token');
    const token = await viewerToken(manager, start.adminToken);
    // 3. The list really holds every VM, through the same token the load uses.
    const all = await callJson<{ items: unknown[] }>(manager.url, 'GET', '/v1/vms', token);
    if (all.items.length !== SCALE_VMS) throw new Error(`GET /v1/vms returned ${all.items.length} VMs`);
    step(db, 'GET /v1/vms');
    // 4. One page of everything, one caller at a time: what a dashboard's refresh costs.
    const list = await runLoad({
      baseUrl: manager.url,
      token,
      paths: ['/v1/vms'],
      concurrency: 1,
      warmup: 5,
      runs: options.runs,
      requests: options.listRequests,
    });
    step(db, 'GET /v1/vms/{id}');
    // 5. Single VMs in random order from many callers at once.
    const get = await runLoad({
      baseUrl: manager.url,
      token,
      paths: shuffled(plan.vmIds).map((id) => `/v1/vms/${id}`),
      concurrency: GET_CONCURRENCY,
      warmup: 2_000,
      runs: options.runs,
      durationMs: options.getDurationMs,
    });
    step(db, 'GET /v1/vms after a change');
    // 6. A VM changes (stopped through the API), then the whole list again: the cost of a re-read.
    const afterChange: number[] = [];
    const running = [...plan.inventory.values()]
      .flat()
      .filter((v) => v.state === 'running')
      .map((v) => v.id);
    for (const id of running.slice(0, options.runs * 2)) {
      await callJson(manager.url, 'POST', `/v1/vms/${id}/stop`, start.adminToken, {});
      const t0 = performance.now();
      const after = await callJson<{ items: Array<{ id: string; state: string }> }>(
        manager.url,
        'GET',
        '/v1/vms',
        token,
      );
      afterChange.push(performance.now() - t0);
      if (after.items.find((v) => v.id === id)?.state !== 'stopped')
        throw new Error(`list after a stop still shows ${id} running`);
    }
    return { list, get, afterChange };
  } finally {
    await manager?.stop();
    await agents.stop();
    await postgres?.stop();
  }
}

const over = (runs: LoadResult[], key: keyof LoadResult) => summarize(runs.map((r) => r[key] as number));

function rowsOf(db: Db, m: Measured): { rows: Row[]; extra: Row[]; notes: string[] } {
  const getRps = over(m.get, 'reqPerSec');
  const verdict = getRps.median >= TARGETS.getReqPerSec ? '✅' : '❌';
  const cpu = (runs: LoadResult[]) => Math.max(...runs.map((r) => r.clientCpuPct)).toFixed(0);
  return {
    rows: [
      { label: `${db} · GET /v1/vms p50 (c=1)`, summary: over(m.list, 'p50') },
      { label: `${db} · GET /v1/vms p99 (c=1)`, summary: over(m.list, 'p99'), target: TARGETS.listP99Ms },
      { label: `${db} · GET /v1/vms right after a VM change`, summary: summarize(m.afterChange) },
      { label: `${db} · GET /v1/vms/{id} p50 (c=${GET_CONCURRENCY})`, summary: over(m.get, 'p50') },
      {
        label: `${db} · GET /v1/vms/{id} p99 (c=${GET_CONCURRENCY})`,
        summary: over(m.get, 'p99'),
        target: TARGETS.getP99Ms,
      },
    ],
    extra: [
      {
        label: `${db} · GET /v1/vms/{id} throughput (target ≥ ${TARGETS.getReqPerSec}: ${verdict})`,
        summary: getRps,
        unit: 'req/s',
      },
    ],
    notes: [
      `${db}: ${m.list.reduce((n, r) => n + r.n, 0)} list and ${m.get.reduce((n, r) => n + r.n, 0)} get requests; ` +
        `the load generator used at most ${cpu(m.list)} % / ${cpu(m.get)} % of a core (list / get)` +
        (Math.max(Number(cpu(m.list)), Number(cpu(m.get))) < 80
          ? ', so it was not the limit.'
          : ': near a full core, so it may have been the limit.'),
    ],
  };
}

export async function scaleFigure(dir: string, options: ScaleOptions): Promise<Figure> {
  const parts = [];
  for (const db of ['PGlite', 'PostgreSQL'] as const) parts.push(rowsOf(db, await measure(db, dir, options)));
  return {
    id: 'scale',
    title: `Manager API with ${SCALE_VMS.toLocaleString('en')} VMs recorded (PGlite and PostgreSQL)`,
    unit: 'ms',
    rows: parts.flatMap((p) => p.rows),
    extra: parts.flatMap((p) => p.extra),
    notes: [
      `Each row is the median over ${options.runs} runs of that run's percentile (min–max across runs). ` +
        'The manager runs as `bin/nqvm manager` (default log level, per-token rate limits on) and is called with a ' +
        "viewer's own API token over keep-alive HTTP from a separate load-generator process. Rows are seeded " +
        `straight into the database (${HOSTS} hosts, 60 % running / 25 % stopped / 8 % paused / 2 % error, ` +
        'a root drive each and a data drive on 30 %, eth0 each and eth1 on 20 %, snapshots, events, audit rows); ' +
        `stand-in agents answer the reconciler's inventory and heartbeat every 5 s. GET /v1/vms returns all ${SCALE_VMS} VMs.`,
      ...parts.flatMap((p) => p.notes),
    ],
  };
}
