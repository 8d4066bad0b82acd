// bin/nqvm against a real manager: every command group answers bad names and unknown ids with one clear line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './api/exit-codes.js';
import { runNqvm, startTestManager, type TestManager } from './cli.test-support.js';

let m: TestManager;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  m = await startTestManager();
});
afterAll(async () => {
  await m?.close();
});

/** A command, the exit code scripts can rely on, and what the one line must say. */
const CASES: Array<{ args: string[]; exit: number; says: RegExp; stdin?: string }> = [
  // Unknown names and ids: exit 3, naming what was not found.
  { args: ['vm', 'get', UNKNOWN_ID], exit: EXIT.NOT_FOUND, says: /No VM named '0{8}-/ },
  { args: ['vm', 'start', 'nope'], exit: EXIT.NOT_FOUND, says: /No VM named 'nope'/ },
  { args: ['vm', 'drives', 'ls', 'nope'], exit: EXIT.NOT_FOUND, says: /No VM named 'nope'/ },
  { args: ['vm', 'nics', 'ls', 'nope'], exit: EXIT.NOT_FOUND, says: /No VM named 'nope'/ },
  { args: ['vm', 'metrics', 'nope'], exit: EXIT.NOT_FOUND, says: /No VM named 'nope'/ },
  {
    args: ['snapshot', 'get', 'nope'],
    exit: EXIT.NOT_FOUND,
    says: /No snapshot named 'nope'.*'nqvm snapshot ls'/,
  },
  { args: ['snapshot', 'ls', 'nope'], exit: EXIT.NOT_FOUND, says: /No VM named 'nope'/ },
  { args: ['snapshot', 'create', 'nope'], exit: EXIT.NOT_FOUND, says: /No VM named 'nope'/ },
  {
    args: ['snapshot', 'restore', 'nope', '--name', 'x'],
    exit: EXIT.NOT_FOUND,
    says: /No snapshot named 'nope'/,
  },
  { args: ['snapshot', 'rm', UNKNOWN_ID, '--yes'], exit: EXIT.NOT_FOUND, says: /No snapshot named '0{8}-/ },
  { args: ['image', 'get', 'nope'], exit: EXIT.NOT_FOUND, says: /No image named 'nope'.*'nqvm image ls'/ },
  { args: ['image', 'rm', UNKNOWN_ID, '--yes'], exit: EXIT.NOT_FOUND, says: /No image named '0{8}-/ },
  {
    args: ['template', 'get', 'nope'],
    exit: EXIT.NOT_FOUND,
    says: /No template named 'nope'.*'nqvm template ls'/,
  },
  { args: ['template', 'instantiate', 'nope', 'x'], exit: EXIT.NOT_FOUND, says: /No template named 'nope'/ },
  { args: ['template', 'rm', UNKNOWN_ID, '--yes'], exit: EXIT.NOT_FOUND, says: /No template named '0{8}-/ },
  { args: ['host', 'get', 'nope'], exit: EXIT.NOT_FOUND, says: /No host named 'nope'.*'nqvm host ls'/ },
  { args: ['user', 'set', 'nope', '--role', 'viewer'], exit: EXIT.NOT_FOUND, says: /No user named 'nope'/ },
  { args: ['user', 'rm', 'nope', '--yes'], exit: EXIT.NOT_FOUND, says: /No user named 'nope'/ },
  { args: ['token', 'revoke', 'nope'], exit: EXIT.NOT_FOUND, says: /No token named 'nope'.*'nqvm token ls'/ },
  // Bad names and values: exit 2, the server's or the CLI's reason.
  { args: ['vm', 'create', 'Bad Name!'], exit: EXIT.USAGE, says: /Invalid VM name .*must match pattern/ },
  { args: ['template', 'create', 'bad name!'], exit: EXIT.USAGE, says: /body\/name must match pattern/ },
  {
    args: ['image', 'volume', 'create', 'bad name!', '--size', '1M'],
    exit: EXIT.USAGE,
    says: /body\/name must match pattern/,
  },
  {
    args: ['user', 'create', 'Bad User!', '--role', 'viewer', '--password-stdin'],
    exit: EXIT.USAGE,
    says: /body\/username must match pattern/,
    stdin: 'long enough password\n',
  },
  {
    args: ['user', 'create', 'carol', '--role', 'root', '--password-stdin'],
    exit: EXIT.USAGE,
    says: /--role 'root' is not a role/,
  },
  {
    args: ['token', 'create', '--expires', 'soon'],
    exit: EXIT.USAGE,
    says: /--expires 'soon' is not a duration/,
  },
  {
    args: ['audit', '--since', 'yesterday-ish'],
    exit: EXIT.USAGE,
    says: /--since 'yesterday-ish' is neither a duration/,
  },
  { args: ['audit', '--limit', 'many'], exit: EXIT.USAGE, says: /--limit 'many' is not a number/ },
  {
    args: ['image', 'ls', '--kind', 'floppy'],
    exit: EXIT.USAGE,
    says: /--kind must be one of kernel, initrd, rootfs, data/,
  },
];

describe('errors across the command groups', () => {
  it('answers bad names and unknown ids with one line on stderr, no stack, and the documented exit code', async () => {
    const results = await Promise.all(CASES.map((c) => runNqvm(c.args, m.env, c.stdin)));
    results.forEach((res, i) => {
      const c = CASES[i] as (typeof CASES)[number];
      const what = `nqvm ${c.args.join(' ')} → ${JSON.stringify(res.stderr)}`;
      expect(res.status, what).toBe(c.exit);
      expect(res.stdout, what).toBe('');
      expect(res.stderr, what).toMatch(/^nqvm: [^\n]+\n$/);
      expect(res.stderr, what).toMatch(c.says);
    });
  });

  it('changes nothing when it refuses', async () => {
    const lists = await Promise.all(
      [
        ['vm', 'ls'],
        ['template', 'ls'],
        ['image', 'ls'],
      ].map((args) => runNqvm([...args, '--json'], m.env)),
    );
    for (const res of lists) expect(JSON.parse(res.stdout)).toEqual([]);
    const users = JSON.parse((await runNqvm(['user', 'ls', '--json'], m.env)).stdout) as {
      username: string;
    }[];
    expect(users.map((u) => u.username)).not.toContain('carol');
  });
});
