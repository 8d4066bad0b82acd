// Where the manager's time goes on create → console, over real HTTP and WebSockets against the fake agent.
//
//   npx vite-node -c vitest.config.ts packages/manager/scripts/create-path-timing.ts -- [--db pglite|postgres|both] [--n 25] [--sql] [--src <a copy of src/>]
//
// Not a test: it prints medians, asserts nothing about time. Each round times the manager path the
// bench takes (POST /v1/vms → POST /v1/tickets → shell WebSocket open → agent greeting → echo of a
// marker) and, as the floor, the same steps straight against the agent (PUT with start → console
// WebSocket). The difference is the manager's own cost. Database statements are counted per step
// (--sql lists them for the last round), since a round trip per statement is what adds up.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type PostgresServer, startPostgres } from '@nqvm/testkit';
import pg from 'pg';
import WebSocket from 'ws';
import type { buildManager as BuildManager } from '../src/app.js';
import type { FakeAgent, startFakeAgent as StartFakeAgent } from '../src/testing/fake-agent.js';

const ADMIN = 'timing-admin-token';
const JOIN = 'timing-join-token';

interface Args {
  dbs: Array<'pglite' | 'postgres'>;
  n: number;
  warmup: number;
  sql: boolean;
  /** Another copy of the manager's src/ (e.g. an older commit's), to compare before and after. */
  src: string;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const db = get('db') ?? 'both';
  return {
    dbs: db === 'both' ? ['pglite', 'postgres'] : [db as 'pglite' | 'postgres'],
    n: Number(get('n') ?? 25),
    warmup: Number(get('warmup') ?? 5),
    sql: argv.includes('--sql'),
    src: resolve(get('src') ?? join(import.meta.dirname, '../src')),
  };
}

/** Every statement the manager sends, tagged with the step that was running. */
const statements: Array<{ step: string; sql: string }> = [];
let step = 'setup';

function countStatements(): void {
  const liteQuery = PGlite.prototype.query;
  PGlite.prototype.query = function (this: PGlite, ...args: Parameters<PGlite['query']>) {
    statements.push({ step, sql: String(args[0]).slice(0, 140) });
    return liteQuery.apply(this, args);
  } as PGlite['query'];
  const pgQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    statements.push({ step, sql: String(text).slice(0, 140) });
    return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pgQuery;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

async function json(res: Response): Promise<unknown> {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Opens a console socket and times: open, first output (the greeting), echo of one marker. */
async function consoleSteps(
  url: string,
  headers: Record<string, string>,
  input: (marker: string) => string,
  times: Record<string, number>,
  prefix: string,
): Promise<void> {
  let t = process.hrtime.bigint();
  const ws = new WebSocket(url, { headers });
  const messages: string[] = [];
  let wake: (() => void) | undefined;
  ws.on('message', (raw) => {
    messages.push(String(raw));
    wake?.();
  });
  const until = (pred: (m: string) => boolean) =>
    new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      const check = () => {
        if (messages.some(pred)) resolve();
        else wake = check;
      };
      check();
    });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  times[`${prefix} ws open`] = ms(t);
  t = process.hrtime.bigint();
  await until((m) => m.includes('Welcome'));
  times[`${prefix} greeting`] = ms(t);
  const marker = `mark-${Math.random().toString(36).slice(2)}`;
  t = process.hrtime.bigint();
  ws.send(input(marker));
  await until((m) => m.includes(`echo:${marker}`));
  times[`${prefix} echo`] = ms(t);
  ws.close();
}

/** Like `nqvm images prepare`: kernel, initrd and rootfs in the manifest, so a create names none (as the bench's). */
function writeDefaultImages(dataDir: string): void {
  const dir = join(dataDir, 'images');
  mkdirSync(dir, { recursive: true });
  const items = (['kernel', 'initrd', 'rootfs'] as const).map((kind) => {
    writeFileSync(join(dir, kind), kind);
    return { kind, name: `default-${kind}`, path: kind, sha256: 'a'.repeat(64), size: kind.length };
  });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ items }));
}

async function measure(kind: 'pglite' | 'postgres', args: Args, server?: PostgresServer) {
  const { buildManager } = (await import(join(args.src, 'app.ts'))) as { buildManager: typeof BuildManager };
  const { startFakeAgent } = (await import(join(args.src, 'testing/fake-agent.ts'))) as {
    startFakeAgent: typeof StartFakeAgent;
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'nqvm-timing-'));
  writeDefaultImages(dataDir);
  const app = await buildManager({
    dataDir,
    adminToken: ADMIN,
    joinToken: JOIN,
    logLevel: false,
    reconcileIntervalMs: 0,
    metricsIntervalMs: 0,
    rateLimits: false,
    ...(kind === 'pglite' ? { inMemoryDb: true } : { databaseUrl: await server?.createDatabase() }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${addr.port}`;
  const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const agent: FakeAgent = await startFakeAgent();
  const reg = (await json(
    await fetch(`${base}/v1/agent/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        join_token: JOIN,
        hostname: 'timing-host',
        addr: '127.0.0.1',
        port: agent.port,
        accel: 'tcg',
        capacity: { vcpus: 10_000, mem_mib: 10_000_000, disk_bytes: 1e12 },
      }),
    }),
  )) as { host_id: string; credential: string };
  agent.credential = reg.credential;
  const beat = () =>
    fetch(`${base}/v1/agent/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reg.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        host_id: reg.host_id,
        capacity: { vcpus: 10_000, mem_mib: 10_000_000, disk_bytes: 1e12 },
        usage: { vcpus: 0, mem_mib: 0, disk_bytes: 0, running_vms: 0 },
        vms: [],
      }),
    }).then(json);
  await beat();
  const rounds: Array<Record<string, number>> = [];
  const queries: Array<Record<string, number>> = [];
  for (let i = 0; i < args.warmup + args.n; i++) {
    if (i % 10 === 0) await beat();
    const times: Record<string, number> = {};
    const mark = statements.length;
    step = 'create';
    let t = process.hrtime.bigint();
    const created = (await json(
      await fetch(`${base}/v1/vms`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: `t-${kind}-${i}`, vcpu: 1, mem_mib: 256 }),
      }),
    )) as { id: string };
    times['mgr create'] = ms(t);
    step = 'ticket';
    t = process.hrtime.bigint();
    const { ticket } = (await json(
      await fetch(`${base}/v1/tickets`, { method: 'POST', headers: auth, body: '{}' }),
    )) as { ticket: string };
    times['mgr ticket'] = ms(t);
    step = 'shell';
    await consoleSteps(
      `ws://127.0.0.1:${addr.port}/v1/vms/${created.id}/shell/ws?ticket=${ticket}`,
      {},
      (m) => JSON.stringify({ type: 'input', data: m }),
      times,
      'mgr',
    );
    step = 'teardown';
    await json(
      await fetch(`${base}/v1/vms/${created.id}`, {
        method: 'DELETE',
        headers: { authorization: auth.authorization },
      }),
    );

    // The floor: the agent alone.
    const direct = `direct-${kind}-${i}`;
    const agentAuth = { authorization: `Bearer ${agent.credential}`, 'content-type': 'application/json' };
    t = process.hrtime.bigint();
    await json(
      await fetch(`http://127.0.0.1:${agent.port}/v1/vms/${direct}`, {
        method: 'PUT',
        headers: agentAuth,
        body: JSON.stringify({ name: direct, vcpu: 1, mem_mib: 256, kernel: {}, rootfs: {}, start: true }),
      }),
    );
    times['agent put'] = ms(t);
    await consoleSteps(
      `ws://127.0.0.1:${agent.port}/v1/vms/${direct}/console`,
      { authorization: `Bearer ${agent.credential}` },
      (m) => JSON.stringify({ type: 'data', data: m }),
      times,
      'agent',
    );
    await fetch(`http://127.0.0.1:${agent.port}/v1/vms/${direct}`, { method: 'DELETE', headers: agentAuth });
    if (i < args.warmup) continue;
    rounds.push(times);
    const counts: Record<string, number> = {};
    for (const s of statements.slice(mark)) counts[s.step] = (counts[s.step] ?? 0) + 1;
    queries.push(counts);
    if (args.sql && i === args.warmup + args.n - 1) {
      for (const s of statements.slice(mark)) console.log(`  [${s.step}] ${s.sql.replace(/\s+/g, ' ')}`);
    }
  }
  await app.close();
  await agent.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { rounds, queries };
}

function report(kind: string, result: Awaited<ReturnType<typeof measure>>): void {
  const keys = Object.keys(result.rounds[0] ?? {});
  console.log(`\n${kind}: median of ${result.rounds.length} rounds (ms)`);
  for (const k of keys)
    console.log(`  ${k.padEnd(18)} ${median(result.rounds.map((r) => r[k] as number)).toFixed(2)}`);
  const sum = (r: Record<string, number>, prefix: string) =>
    Object.entries(r)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((a, [, v]) => a + v, 0);
  const mgr = median(result.rounds.map((r) => sum(r, 'mgr')));
  const agent = median(result.rounds.map((r) => sum(r, 'agent')));
  console.log(`  ${'mgr total'.padEnd(18)} ${mgr.toFixed(2)}`);
  console.log(`  ${'agent total'.padEnd(18)} ${agent.toFixed(2)}`);
  console.log(`  ${'manager overhead'.padEnd(18)} ${(mgr - agent).toFixed(2)}`);
  const steps = ['create', 'ticket', 'shell', 'teardown'];
  console.log(
    `  statements/round: ${steps.map((s) => `${s} ${median(result.queries.map((q) => q[s] ?? 0))}`).join(', ')}`,
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  countStatements();
  for (const kind of args.dbs) {
    const server = kind === 'postgres' ? await startPostgres() : undefined;
    try {
      report(kind, await measure(kind, args, server));
    } finally {
      await server?.stop();
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
