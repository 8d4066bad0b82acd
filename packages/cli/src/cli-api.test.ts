// bin/nqvm against a real listening manager (no VM boots): images, volumes, templates, hosts, errors.

import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runNqvm, startTestManager, type TestManager } from './cli.test-support.js';

let m: TestManager;
let files: Server;
let filesUrl: string;
const nqvm = (...args: string[]) => runNqvm(args, m.env);
const json = <T>(res: CliResult): T => {
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  return JSON.parse(res.stdout) as T;
};

beforeAll(async () => {
  m = await startTestManager();
  // A URL to import from: 300 KiB of data, and a 404.
  files = createServer((req, res) => {
    if (req.url !== '/disk.img') return res.writeHead(404).end('no');
    res.writeHead(200, { 'content-length': 300 * 1024 }).end(Buffer.alloc(300 * 1024, 7));
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await m?.close();
  await new Promise((r) => files?.close(r));
});

describe('nqvm image', () => {
  it('1. registers a path under the image root, uploads other files, imports URLs', async () => {
    writeFileSync(join(m.imageRoot, 'vmlinux'), 'kernel bytes');
    const reg = json<{ origin: string; kind: string; size: number }>(
      await nqvm(
        'image',
        'import',
        join(m.imageRoot, 'vmlinux'),
        '--kind',
        'kernel',
        '--name',
        'kern1',
        '--json',
      ),
    );
    expect(reg).toMatchObject({ origin: 'register', kind: 'kernel', size: 12 });

    const outside = join(tmpdir(), `nqvm-cli-upload-${process.pid}.ext4`);
    writeFileSync(outside, Buffer.alloc(64 * 1024, 1));
    const up = await nqvm('image', 'import', outside, '--kind', 'rootfs', '--name', 'root1');
    expect(up.status).toBe(0);
    expect(up.stdout).toMatch(/^uploaded rootfs image root1 \([0-9a-f]{8}\), 64 KiB/);

    const imp = json<{ origin: string; status: string; size: number }>(
      await nqvm('image', 'import', `${filesUrl}/disk.img`, '--kind', 'data', '--name', 'data1', '--json'),
    );
    expect(imp).toMatchObject({ origin: 'import', status: 'ready', size: 300 * 1024 });
  });

  it('2. reports a failed URL import with its reason', async () => {
    const res = await nqvm('image', 'import', `${filesUrl}/missing`, '--kind', 'data', '--name', 'gone-img');
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^nqvm: Import of 'gone-img' failed: .*404/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('3. creates volumes and lists, filters and gets images by name or ID prefix', async () => {
    const vol = json<{ kind: string; size: number; id: string }>(
      await nqvm('image', 'volume', 'create', 'scratch', '--size', '1M', '--json'),
    );
    expect(vol).toMatchObject({ kind: 'data', size: 1024 * 1024 });
    const all = json<Array<{ name: string }>>(await nqvm('image', 'ls', '--json'));
    expect(all.map((i) => i.name).sort()).toEqual(['data1', 'gone-img', 'kern1', 'root1', 'scratch']);
    const table = await nqvm('image', 'ls', '--kind', 'kernel');
    expect(table.stdout.split('\n')[0]).toMatch(
      /^NAME\s+ID\s+KIND\s+STATUS\s+SIZE\s+ORIGIN\s+PROJECT\s+CREATED$/,
    );
    expect(table.stdout).toMatch(
      /^kern1\s+[0-9a-f]{8}\s+kernel\s+ready\s+12 B\s+register\s+-\s+(just now|\d+[smh] ago)$/m,
    );
    expect(table.stdout).not.toContain('root1');
    expect(table.stdout).not.toContain('\x1b['); // no colours when stdout is a pipe
    const byPrefix = json<{ name: string }>(await nqvm('image', 'get', vol.id.slice(0, 6), '--json'));
    expect(byPrefix.name).toBe('scratch');
    expect((await nqvm('image', 'get', 'scratch')).stdout).toMatch(/^size:\s+1\.0 MiB$/m);
  });

  it('4. needs --yes to delete without a terminal, then forgets the image', async () => {
    const refused = await nqvm('image', 'rm', 'gone-img');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect((await nqvm('image', 'rm', 'gone-img', '--yes')).stdout).toBe('removed image gone-img\n');
    const missing = await nqvm('image', 'get', 'gone-img');
    expect(missing.status).toBe(3);
    expect(missing.stderr).toBe(
      "nqvm: No image named 'gone-img' (nor with an ID starting so) — List them with 'nqvm image ls'\n",
    );
  });

  it('5. calls a name shared by two kinds ambiguous', async () => {
    writeFileSync(join(m.imageRoot, 'twin'), 'x');
    await nqvm('image', 'import', join(m.imageRoot, 'twin'), '--kind', 'kernel', '--name', 'twin');
    await nqvm('image', 'import', join(m.imageRoot, 'twin'), '--kind', 'rootfs', '--name', 'twin');
    const res = await nqvm('image', 'get', 'twin');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("'twin' matches more than one image");
  });
});

describe('nqvm template', () => {
  it('creates from image names, lists, gets and deletes templates', async () => {
    const created = json<{ name: string; spec: { vcpu: number; mem_mib: number; kernel_image_id: string } }>(
      await nqvm(
        'template',
        'create',
        'small',
        '--vcpu',
        '2',
        '--mem',
        '1G',
        '--kernel',
        'kern1',
        '--rootfs',
        'root1',
        '--json',
      ),
    );
    expect(created.spec).toMatchObject({ vcpu: 2, mem_mib: 1024 });
    const list = json<Array<{ name: string }>>(await nqvm('template', 'ls', '--json'));
    expect(list.map((t) => t.name)).toEqual(['small']);
    const table = await nqvm('template', 'ls');
    expect(table.stdout).toMatch(
      /^small\s+[0-9a-f]{8}\s+2\s+1024 MiB\s+kern1\s+root1\s+(just now|\d+[smh] ago)$/m,
    );
    expect((await nqvm('template', 'get', 'small')).stdout).toMatch(/^memory:\s+1024 MiB$/m);
    const dup = await nqvm('template', 'create', 'small', '--kernel', 'kern1', '--rootfs', 'root1');
    expect(dup.status).toBe(4);
    expect(dup.stderr).toContain("Template name 'small' already exists");
    expect((await nqvm('template', 'rm', 'small', '-y')).status).toBe(0);
    expect(json<unknown[]>(await nqvm('template', 'ls', '--json'))).toEqual([]);
  });

  it('names the missing image when a template refers to one', async () => {
    const res = await nqvm('template', 'create', 'bad', '--kernel', 'no-such-kernel', '--rootfs', 'root1');
    expect(res.status).toBe(3);
    expect(res.stderr).toContain("No kernel image named 'no-such-kernel'");
    expect(res.stderr).toContain('nqvm image ls --kind kernel');
  });
});

describe('nqvm vm and host without hosts', () => {
  it('lists nothing, and says why a VM cannot be created', async () => {
    expect(json<unknown[]>(await nqvm('host', 'ls', '--json'))).toEqual([]);
    expect((await nqvm('host', 'ls')).stdout).toContain('No hosts');
    expect(json<unknown[]>(await nqvm('vm', 'ls', '--json'))).toEqual([]);
    const create = await nqvm('vm', 'create', 'demo', '--kernel', 'kern1', '--rootfs', 'root1');
    expect(create.status).toBe(5);
    expect(create.stderr).toMatch(
      /^nqvm: No host has capacity for this VM.* — Ensure host has available capacity/,
    );
    const get = await nqvm('vm', 'get', 'demo');
    expect(get.status).toBe(3);
    expect(get.stderr).toContain("No VM named 'demo'");
    const console = await nqvm('vm', 'console', '0123abcd');
    expect(console.status).toBe(3);
  });
});

describe('usage, connection and help', () => {
  it('exits 2 on usage errors, naming the help to read', async () => {
    const missing = await nqvm('vm', 'create');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("nqvm: missing NAME — Run 'nqvm vm create --help' for the options\n");
    const unknown = await nqvm('vm', 'ls', '--bogus');
    expect(unknown.stderr).toBe("nqvm: unknown option '--bogus' — Run 'nqvm vm ls --help' for the options\n");
    expect((await nqvm('vm', 'frob')).status).toBe(2);
    expect((await nqvm('vm', 'create', 'x', '--mem', 'lots')).stderr).toContain("--mem 'lots' is not valid");
    expect((await nqvm('nics', 'x')).status).toBe(2);
  });

  it('exits 5 when nobody answers and 1 for a wrong token, without stack traces', async () => {
    const down = await runNqvm(['vm', 'ls'], { ...m.env, NQVM_URL: 'http://127.0.0.1:9' });
    expect(down.status).toBe(5);
    expect(down.stderr).toMatch(/^nqvm: Cannot reach the manager at http:\/\/127\.0\.0\.1:9 — Start it/);
    expect(down.stderr).not.toMatch(/^\s+at /m);
    const debug = await runNqvm(['vm', 'ls', '--debug'], { ...m.env, NQVM_URL: 'http://127.0.0.1:9' });
    expect(debug.stderr).toMatch(/^\s+at /m);
    const bad = await runNqvm(['vm', 'ls'], { ...m.env, NQVM_TOKEN: 'wrong' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('refused the token');
  });

  it('falls back to NQVM_ADMIN_TOKEN, then the admin token file of the data dir', async () => {
    const { NQVM_TOKEN: _, ...noToken } = m.env;
    expect((await runNqvm(['host', 'ls'], { ...noToken, NQVM_ADMIN_TOKEN: m.token })).status).toBe(0);
    expect((await runNqvm(['host', 'ls'], noToken)).status).toBe(1);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(noToken.NQVM_DATA_DIR as string, { recursive: true });
    writeFileSync(join(noToken.NQVM_DATA_DIR as string, 'admin-token'), `${m.token}\n`);
    expect((await runNqvm(['host', 'ls'], noToken)).status).toBe(0);
  });

  it('has --help on every group and command, and --json on every listing and get', async () => {
    const { commands } = await import('./commands.js');
    const { optionsOf } = await import('./api/command.js');
    type Node = import('./api/command.js').Node;
    const paths: Array<{ path: string[]; node: Node }> = [];
    const walk = (node: Node, path: string[]) => {
      paths.push({ path, node });
      if (node.kind === 'group') for (const c of node.children) walk(c, [...path, c.name]);
    };
    for (const [name, c] of Object.entries(commands)) if (c.node) walk(await c.node(), [name]);
    for (const { node, path } of paths)
      if (node.kind === 'leaf' && ['ls', 'get'].includes(node.name))
        expect(optionsOf(node).json, path.join(' ')).toBeDefined();
    const results = await Promise.all(paths.map(({ path }) => nqvm(...path, '--help')));
    results.forEach((res, i) => {
      expect(res.status, paths[i]?.path.join(' ')).toBe(0);
      expect(res.stdout).toMatch(new RegExp(`^Usage: nqvm ${paths[i]?.path.join(' ')}\\b`));
    });
    const top = await nqvm('--help');
    for (const name of [
      'vm',
      'snapshot',
      'image',
      'template',
      'host',
      'user',
      'token',
      'audit',
      'whoami',
      'login',
      'completion',
    ])
      expect(top.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });
});
