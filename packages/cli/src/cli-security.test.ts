// bin/nqvm against a real manager: users, tokens, whoami, login as a user, the audit log, and roles.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiToken, AuditEntry, CreatedApiToken, Me, User } from '@nqvm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runNqvm, startTestManager, type TestManager } from './cli.test-support.js';

let m: TestManager;
const nqvm = (...args: string[]) => runNqvm(args, m.env);
const json = <T>(res: CliResult): T => {
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  return JSON.parse(res.stdout) as T;
};
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  m = await startTestManager();
});
afterAll(async () => {
  await m?.close();
});

describe('nqvm user', () => {
  it('creates (password from stdin), lists, changes and removes users', async () => {
    const created = json<User>(
      await runNqvm(
        ['user', 'create', 'alice', '--role', 'operator', '--password-stdin', '--json'],
        m.env,
        `${PASSWORD}\n`,
      ),
    );
    expect(created).toMatchObject({ username: 'alice', role: 'operator', disabled: false });

    const users = json<User[]>(await nqvm('user', 'ls', '--json'));
    expect(users.map((u) => u.username)).toContain('alice');
    const table = await nqvm('user', 'ls');
    expect(table.stdout.split('\n')[0]).toMatch(/^USER\s+ID\s+ROLE\s+STATUS\s+CREATED$/);
    expect(table.stdout).toMatch(/^alice\s+[0-9a-f]{8}\s+operator\s+enabled\s+(just now|\d+[smh] ago)$/m);

    const changed = json<User>(await nqvm('user', 'set', 'alice', '--role', 'viewer', '--disable', '--json'));
    expect(changed).toMatchObject({ role: 'viewer', disabled: true });
    const enabled = await nqvm('user', 'set', 'alice', '--enable');
    expect(enabled.stdout).toBe('updated user alice: enabled\n');

    const none = await nqvm('user', 'set', 'alice');
    expect(none.status).toBe(2);
    const noRole = await runNqvm(['user', 'create', 'bob', '--password-stdin'], m.env, `${PASSWORD}\n`);
    expect(noRole.status).toBe(2);
    expect(noRole.stderr).toContain('missing --role');
    const badRole = await runNqvm(
      ['user', 'create', 'bob', '--role', 'root', '--password-stdin'],
      m.env,
      PASSWORD,
    );
    expect(badRole.status).toBe(2);
    const noStdin = await nqvm('user', 'create', 'bob', '--role', 'viewer');
    expect(noStdin.status).toBe(2);
    expect(noStdin.stderr).toContain('--password-stdin');
    const dup = await runNqvm(
      ['user', 'create', 'alice', '--role', 'viewer', '--password-stdin'],
      m.env,
      PASSWORD,
    );
    expect(dup.status).toBe(4);

    await runNqvm(['user', 'create', 'carol', '--role', 'viewer', '--password-stdin'], m.env, PASSWORD);
    const unconfirmed = await nqvm('user', 'rm', 'carol');
    expect(unconfirmed.status).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes');
    expect((await nqvm('user', 'rm', 'carol', '--yes')).stdout).toBe('deleted user carol\n');
    expect((await nqvm('user', 'rm', 'carol', '--yes')).status).toBe(3);
  });
});

describe('nqvm token and whoami', () => {
  it('prints a new secret once, with a warning, and the secret works for whoami', async () => {
    const res = await nqvm(
      'token',
      'create',
      '--name',
      'ci',
      '--role',
      'viewer',
      '--expires',
      '30d',
      '--json',
    );
    expect(res.status).toBe(0);
    expect(res.stderr).toContain('shown only now');
    const created = JSON.parse(res.stdout) as CreatedApiToken;
    expect(created).toMatchObject({ name: 'ci', role: 'viewer', revoked_at: null });
    expect(created.token).toMatch(/^nqvm_/);
    const days = (Date.parse(created.expires_at as string) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);

    const plain = await nqvm('token', 'create', '--name', 'plain');
    expect(plain.status).toBe(0);
    expect(plain.stdout.trim().split('\n').at(-1)).toMatch(/^nqvm_/);

    const me = json<Me>(await runNqvm(['whoami', '--json'], { ...m.env, NQVM_TOKEN: created.token }));
    expect(me).toMatchObject({ role: 'viewer', token_id: created.id });
    const adminMe = await nqvm('whoami');
    expect(adminMe.stdout).toMatch(/^role:\s+admin$/m);

    const tokens = json<ApiToken[]>(await nqvm('token', 'ls', '--json'));
    expect(tokens.map((t) => t.name)).toEqual(expect.arrayContaining(['ci', 'plain']));
    expect(JSON.stringify(tokens)).not.toContain(created.token);
    const table = await nqvm('token', 'ls');
    expect(table.stdout).toMatch(/^ci\s+[0-9a-f]{8}\s+viewer\s+\S+\s+active\s+in 29d/m);

    expect((await nqvm('token', 'revoke', created.id.slice(0, 8))).stdout).toMatch(/^revoked token ci/);
    const refused = await runNqvm(['whoami'], { ...m.env, NQVM_TOKEN: created.token });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('refused the token');
    expect((await nqvm('token', 'create', '--expires', 'soon')).status).toBe(2);
  });

  it('refuses user create to a viewer token with exit 1 and the server message', async () => {
    const viewer = JSON.parse(
      (await nqvm('token', 'create', '--role', 'viewer', '--json')).stdout,
    ) as CreatedApiToken;
    const res = await runNqvm(
      ['user', 'create', 'mallory', '--role', 'admin', '--password-stdin'],
      { ...m.env, NQVM_TOKEN: viewer.token },
      PASSWORD,
    );
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^nqvm: Your role \(viewer\) may not do this/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(json<User[]>(await nqvm('user', 'ls', '--json')).map((u) => u.username)).not.toContain('mallory');
  });
});

describe('nqvm login --user', () => {
  it('exchanges a piped password for a session token and stores it; a wrong one stores nothing', async () => {
    await runNqvm(['user', 'create', 'dave', '--role', 'operator', '--password-stdin'], m.env, PASSWORD);
    const { NQVM_TOKEN: _, NQVM_URL: __, ...env } = m.env;
    const file = join(m.home, '.config', 'nqvm', 'config.json');
    const wrong = await runNqvm(['login', '--url', m.url, '--user', 'dave'], env, 'not the password\n');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("refused the login of 'dave'");
    expect(existsSync(file)).toBe(false);

    const res = await runNqvm(['login', '--url', m.url, '--user', 'dave'], env, `${PASSWORD}\n`);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain(`Logged in to ${m.url} as dave`);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { url: string; token: string };
    expect(stored.url).toBe(m.url);
    expect(json<Me>(await runNqvm(['whoami', '--json'], env))).toMatchObject({
      username: 'dave',
      role: 'operator',
    });
    expect((await runNqvm(['login', '--user', 'dave', '--token', 'x'], env)).status).toBe(2);
  });
});

describe('nqvm audit', () => {
  it('shows the user creation, filtered by actor, action, time and limit', async () => {
    const entries = json<AuditEntry[]>(
      await nqvm('audit', '--action', 'POST /v1/users', '--since', '1h', '--json'),
    );
    const alice = entries.find((e) => e.result === 'ok' && e.status === 200 && e.actor === 'admin-token');
    expect(alice).toBeDefined();
    expect(entries.every((e) => e.action === 'POST /v1/users')).toBe(true);
    const forbidden = entries.find((e) => e.result === 'error' && e.status === 403);
    expect(forbidden?.role).toBe('viewer');

    const one = json<AuditEntry[]>(await nqvm('audit', '--actor', 'admin-token', '--limit', '1', '--json'));
    expect(one).toHaveLength(1);
    expect(one[0]?.actor).toBe('admin-token');
    expect(json<AuditEntry[]>(await nqvm('audit', '--actor', 'nobody', '--json'))).toEqual([]);

    const table = await nqvm('audit', '--action', 'POST /v1/users');
    expect(table.stdout.split('\n')[0]).toMatch(/^TIME\s+ACTOR\s+ROLE\s+ACTION\s+TARGET\s+STATUS\s+RESULT$/);
    expect(table.stdout).toMatch(/admin-token\s+admin\s+POST \/v1\/users\s+\S+\s+200\s+ok/);
    expect((await nqvm('audit', '--since', 'yesterday')).status).toBe(2);
    expect((await nqvm('audit', '--limit', '0')).status).toBe(2);
  });
});

describe('completion and help', () => {
  it('completes the new commands, roles and usernames', async () => {
    const words = async (...w: string[]) => (await runNqvm(['__complete', ...w], m.env)).stdout.split('\n');
    expect(await words('')).toEqual(expect.arrayContaining(['user', 'token', 'audit', 'whoami']));
    expect(await words('user', '')).toEqual(['ls', 'create', 'set', 'rm', '']);
    expect(await words('token', '')).toEqual(['ls', 'create', 'revoke', '']);
    expect(await words('user', 'create', 'x', '--role', '')).toEqual(['viewer', 'operator', 'admin', '']);
    expect(await words('user', 'set', '')).toContain('alice');
    expect(await words('audit', '--')).toEqual(expect.arrayContaining(['--actor', '--since', '--json']));
    expect(await words('login', '--')).toContain('--user');
  });
});
