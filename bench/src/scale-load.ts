// Load generator for the scale figure, run as its own process so the manager keeps a core to itself:
// a fixed number of keep-alive connections, each sending its next request as soon as the last answered.
// Reads a LoadJob as JSON on stdin, writes LoadResult[] (one per run) as JSON on stdout.
import { Agent, request } from 'node:http';
import { percentile } from './stats.js';

export interface LoadJob {
  baseUrl: string;
  token: string;
  /** Request paths, taken in turn (the caller shuffles them). */
  paths: string[];
  concurrency: number;
  /** Requests sent and thrown away first: connections, JIT and caches warm. */
  warmup: number;
  runs: number;
  /** Each run ends after this many requests, or after `durationMs`, whichever is given. */
  requests?: number;
  durationMs?: number;
}

export interface LoadResult {
  n: number;
  /** Answers other than 200 (a figure with any of them is not a measurement). */
  errors: number;
  firstError?: string;
  p50: number;
  p99: number;
  max: number;
  reqPerSec: number;
  /** CPU this load generator used, % of one core: far below 100 means it was not the limit. */
  clientCpuPct: number;
}

async function main(): Promise<void> {
  // The bench that started us is gone (killed): stop loading a manager nobody measures.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.exit(1), 1000).unref();
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const job = JSON.parse(Buffer.concat(chunks).toString()) as LoadJob;
  const url = new URL(job.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const headers = { authorization: `Bearer ${job.token}`, accept: 'application/json' };
  let next = 0;

  const once = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path, method: 'GET', agent, headers },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            resolve({ status, body: status === 200 ? '' : Buffer.concat(parts).toString().slice(0, 300) });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      // A hung answer is a failed request, not a hung benchmark.
      req.setTimeout(120_000, () => req.destroy(new Error('no answer within 120 s')));
      req.end();
    });

  async function run(stop: (sent: number, t: number) => boolean) {
    const samples: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    let sent = 0;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const worker = async () => {
      while (!stop(sent, performance.now() - t0)) {
        sent++;
        const path = job.paths[next++ % job.paths.length] as string;
        const start = performance.now();
        try {
          const res = await once(path);
          samples.push(performance.now() - start);
          if (res.status !== 200) {
            errors++;
            firstError ??= `${res.status} ${path}: ${res.body}`;
          }
        } catch (err) {
          errors++;
          firstError ??= `${path}: ${(err as Error).message}`;
        }
      }
    };
    await Promise.all(Array.from({ length: job.concurrency }, worker));
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    samples.sort((a, b) => a - b);
    return {
      n: samples.length,
      errors,
      ...(firstError ? { firstError } : {}),
      p50: samples.length ? percentile(samples, 50) : Number.NaN,
      p99: samples.length ? percentile(samples, 99) : Number.NaN,
      max: samples[samples.length - 1] ?? Number.NaN,
      reqPerSec: (samples.length / wallMs) * 1000,
      clientCpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    };
  }

  const limit = (sent: number, t: number) =>
    job.requests !== undefined ? sent >= job.requests : t >= (job.durationMs ?? 1000);
  await run((sent) => sent >= job.warmup);
  const results: LoadResult[] = [];
  for (let i = 0; i < job.runs; i++) results.push(await run(limit));
  agent.destroy();
  process.stdout.write(JSON.stringify(results));
}

await main();
