// The fc-vmm process as supervisors see it: flags, exit codes, the API socket's lifetime, config files.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFirecrackerClient } from '@nqvm/fc-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../../bin/fc-vmm', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/process/main.js', import.meta.url));
const bundleScript = fileURLToPath(new URL('../../scripts/bundle.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fc-vmm-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `launcher` is an executable (bin/fc-vmm is a shell script); `viaNode` runs a .js/.cjs file with this node. */
function run(args: string[], launcher = bin, viaNode = false, env: NodeJS.ProcessEnv = {}): Run {
  const [command, argv] = viaNode ? [process.execPath, [launcher, ...args]] : [launcher, args];
  const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Polls until the socket accepts a connection; fails after `timeoutMs`. */
async function waitForSocket(path: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(path);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${path} did not accept connections within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('bin/fc-vmm', () => {
  beforeAll(() => {
    if (!existsSync(dist)) throw new Error('packages/vmm is not built: run `npx tsc -b` before these tests');
  });

  it('--version prints the Firecracker version it serves', async () => {
    const r = run(['--version']);
    expect((await r.exit).code).toBe(0);
    expect(r.stdout()).toBe('Firecracker v1.16.1\n\n');
  });

  it('--help lists the flags', async () => {
    const r = run(['--help']);
    expect((await r.exit).code).toBe(0);
    expect(r.stdout()).toContain('--api-sock <api-sock>: Path to unix domain socket used by the API.');
  });

  it('rejects an unknown flag with exit code 153', async () => {
    const r = run(['--bogus']);
    expect((await r.exit).code).toBe(153);
    expect(r.stderr()).toContain(
      "Found argument 'bogus' which wasn't expected, or isn't valid in this context.",
    );
  });

  it('rejects --no-api without --config-file', async () => {
    const r = run(['--no-api']);
    expect((await r.exit).code).toBe(153);
    expect(r.stderr()).toContain("Argument 'config-file' required, but not found.");
  });

  it('rejects a bad --level with exit code 152', async () => {
    const r = run(['--level', 'loud', '--api-sock', join(dir, 'never.sock')]);
    expect((await r.exit).code).toBe(152);
    expect(r.stderr()).toContain('Invalid value for logger level: loud.');
  });

  it('serves the API and removes its socket after SIGTERM', async () => {
    const sock = join(dir, 'term.sock');
    const r = run(['--api-sock', sock, '--id', 'proc-test']);
    await waitForSocket(sock);
    const client = createFirecrackerClient(sock);
    expect((await client.raw('GET', '/')).body).toMatchObject({ id: 'proc-test', state: 'Not started' });
    client.close();
    r.child.kill('SIGTERM');
    expect((await r.exit).code).toBe(143);
    expect(existsSync(sock)).toBe(false);
  });

  it('exits 152 with a clear message for a config file that does not parse', async () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ 'boot-source': { kernel_image_path: '/k' } }));
    const r = run(['--no-api', '--config-file', config]);
    expect((await r.exit).code).toBe(152);
    expect(r.stderr()).toContain(
      'Configuration for VMM from one single json failed: Invalid JSON: missing field `drives` at line 1 column 42',
    );
  });

  it('exits 152 when a config file names a kernel that is not there, and removes the socket', async () => {
    const config = join(dir, 'nokernel.json');
    const sock = join(dir, 'cfg.sock');
    writeFileSync(
      config,
      JSON.stringify({ 'boot-source': { kernel_image_path: join(dir, 'missing') }, drives: [] }),
    );
    const r = run(['--api-sock', sock, '--config-file', config]);
    expect((await r.exit).code).toBe(152);
    expect(r.stderr()).toContain(
      'Configuration for VMM from one single json failed: Boot source error: The kernel file cannot be opened: No such file or directory (os error 2)',
    );
    expect(existsSync(sock)).toBe(false);
  });

  it('the build bundles the start-up path into one CommonJS file that serves the API', async () => {
    // 1. Bundle the compiled dist/ the way `npm run build` does, into a private file; its loader
    //    and V8 code cache land beside it.
    const bundle = join(dir, 'fc-vmm.cjs');
    execFileSync(process.execPath, [bundleScript, bundle], { stdio: 'pipe' });
    expect(existsSync(`${bundle}.cache`)).toBe(true);
    // 2. Through the loader, V8 takes the cache, and the process answers the API and stops on
    //    SIGTERM like the unbundled one.
    const sock = join(dir, 'bundle.sock');
    const r = run(['--api-sock', sock, '--id', 'bundled'], join(dir, 'fc-vmm-loader.cjs'), true, {
      FC_VMM_CODE_CACHE_REPORT: '1',
    });
    await waitForSocket(sock);
    expect(r.stderr()).toContain('fc-vmm code cache: accepted');
    const client = createFirecrackerClient(sock);
    expect((await client.raw('GET', '/')).body).toMatchObject({ id: 'bundled', state: 'Not started' });
    expect((await client.raw('PUT', '/machine-config', { vcpu_count: 0, mem_size_mib: 128 })).status).toBe(
      400,
    );
    client.close();
    r.child.kill('SIGTERM');
    expect((await r.exit).code).toBe(143);
  });

  it('tells the user to build when dist is missing', async () => {
    const fakeRoot = join(dir, 'unbuilt');
    mkdirSync(join(fakeRoot, 'bin'), { recursive: true });
    copyFileSync(bin, join(fakeRoot, 'bin', 'fc-vmm'));
    const r = run(['--version'], join(fakeRoot, 'bin', 'fc-vmm'));
    expect((await r.exit).code).toBe(1);
    expect(r.stderr()).toContain('run npm run build');
  });
});
