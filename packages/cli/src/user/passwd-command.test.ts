// bin/nqvm passwd against a real manager: two lines on stdin, the new password signs in, wrong or missing input refused.
import { createManagerClient, type User } from '@nqvm/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectJson, runNqvm, startTestManager, type TestManager } from '../cli.test-support.js';

let m: TestManager;
beforeAll(async () => {
  m = await startTestManager();
});
afterAll(async () => {
  await m?.close();
});

it('changes the signed-in user’s own password from stdin and refuses a wrong current one', async () => {
  // 1. A viewer with a login session, as `nqvm login --user` would leave it.
  const user = expectJson<User>(
    await runNqvm(
      ['user', 'create', 'dora', '--role', 'viewer', '--password-stdin', '--json'],
      m.env,
      'old password here\n',
    ),
  );
  expect(user.role).toBe('viewer');
  const anonymous = createManagerClient({ baseUrl: m.url });
  const session = (await anonymous.auth.login('dora', 'old password here')).token;
  const env = { ...m.env, NQVM_TOKEN: session };

  // 2. A wrong current password: the manager's refusal, exit 1, nothing changed.
  const wrong = await runNqvm(['passwd', '--password-stdin'], env, 'not the password\nnew password here\n');
  expect(wrong.status).toBe(1);
  expect(wrong.stderr).toContain('current password is wrong');
  await expect(anonymous.auth.login('dora', 'old password here')).resolves.toHaveProperty('token');

  // 3. One line only, or no terminal and no --password-stdin: usage errors (exit 2), no request made.
  const oneLine = await runNqvm(['passwd', '--password-stdin'], env, 'old password here\n');
  expect(oneLine.status).toBe(2);
  expect(oneLine.stderr).toContain('two lines');
  const noTty = await runNqvm(['passwd'], env);
  expect(noTty.status).toBe(2);
  expect(noTty.stderr).toContain('--password-stdin');

  // 4. The change itself: this session keeps working, the new password signs in, the old one no more.
  const ok = await runNqvm(['passwd', '--password-stdin'], env, 'old password here\nnew password here\n');
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  expect(ok.stdout).toBe('password changed; your other login sessions have ended\n');
  expect(expectJson<{ username: string }>(await runNqvm(['whoami', '--json'], env)).username).toBe('dora');
  await expect(anonymous.auth.login('dora', 'new password here')).resolves.toHaveProperty('token');
  await expect(anonymous.auth.login('dora', 'old password here')).rejects.toMatchObject({ status: 401 });

  // 5. The static admin token has no password to change.
  const admin = await runNqvm(['passwd', '--password-stdin'], m.env, 'a\nanother password\n');
  expect(admin.status).toBe(1);
  expect(admin.stderr).toContain('no user account');
});
